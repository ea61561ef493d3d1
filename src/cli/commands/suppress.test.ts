import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { register } from './suppress.ts';

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir('kindling-suppress-cli-');
});

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
  dir.remove();
});

async function run(...args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk: string | Uint8Array) => out.push(String(chunk)) > 0,
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk: string | Uint8Array) => err.push(String(chunk)) > 0,
  );
  const program = new Command('kindling').exitOverride();
  register(program);
  await program.parseAsync(['node', 'kindling', 'suppress', ...args, '--data-dir', join(dir.path, 'data')]);
  vi.restoreAllMocks();
  return { out: out.join(''), err: err.join('') };
}

describe('kindling suppress (on the data directory)', () => {
  it('adds, lists, removes and imports entries, per workspace', async () => {
    expect((await run('add', 'Jane@Acme.example', 'rival.example', '--reason', 'asked')).out).toBe(
      'Added 2, updated 0 already on the list.\n',
    );
    expect((await run('add', 'rival.example')).out).toBe('Added 0, updated 1 already on the list.\n');
    const listed = (await run('list')).out.split('\n');
    expect(listed[0]).toMatch(/^KIND\s+VALUE\s+REASON\s+SOURCE\s+ADDED$/);
    expect(listed[1]).toMatch(/^domain\s+rival\.example\s+-\s+cli\s+\d{4}-/);
    expect(listed[2]).toMatch(/^email\s+jane@acme\.example\s+asked\s+cli\s+/);
    expect((await run('list', '--kind', 'email')).out.split('\n').filter((l) => l !== '')).toHaveLength(2);
    expect((await run('list', '--workspace', 'other')).err).toBe('The do-not-contact list is empty.\n');

    expect((await run('remove', 'JANE@acme.example')).out).toBe('Removed email jane@acme.example.\n');
    const missing = await run('remove', 'jane@acme.example');
    expect(missing.err).toContain('is not on the do-not-contact list');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;

    const file = join(dir.path, 'dnc.csv');
    writeFileSync(file, 'email,reason\nbob@beta.example,bounced\nnot-an-email,\n');
    const imported = await run('import', file);
    expect(imported.out).toBe('Imported suppressions: 2 rows read, 1 added, 0 already listed, 1 rejected.\n');
    expect(imported.err).toBe(
      '  line 3: invalid-suppression: "not-an-email" is not an e-mail address (expected name@domain.tld)\n',
    );
  });

  it('refuses bad values and flags with a clear message', async () => {
    expect((await run('add', 'not a domain')).err).toContain('is not a domain');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect((await run('list', '--kind', 'phone')).err).toContain('--kind must be email or domain');
    process.exitCode = undefined;
    expect((await run('import', join(dir.path, 'missing.csv'))).err).toContain('No such file');
  });
});
