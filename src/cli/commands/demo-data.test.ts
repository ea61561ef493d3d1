import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../main.ts';

describe('kindling demo-data', () => {
  let root = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kindling-demo-cli-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  const run = async (args: readonly string[]) => {
    const argv = ['node', 'kindling', 'demo-data', ...args];
    await (await buildProgram(argv)).parseAsync(argv);
  };

  it('writes the three files', async () => {
    const out = join(root, 'plain');
    await run(['--out', out, '--users', '60', '--accounts', '6', '--days', '10', '--end', '2024-05-01']);
    expect(process.exitCode ?? 0).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['accounts.csv', 'events.ndjson', 'outcomes.csv']);
  });

  it('writes gzip when asked', async () => {
    const out = join(root, 'zipped');
    await run(['--out', out, '--users', '20', '--accounts', '2', '--gzip']);
    expect((await readdir(out)).sort()).toEqual(['accounts.csv', 'events.ndjson.gz', 'outcomes.csv']);
  });

  it('refuses bad flags with exit code 2 and writes nothing', async () => {
    const out = join(root, 'bad');
    await run(['--out', out, '--users', 'many', '--end', 'yesterday']);
    expect(process.exitCode).toBe(2);
    await expect(readdir(out)).rejects.toThrow();
  });
});
