import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDefinitionFile } from '../../definition/load-definition.ts';
import { register, renderValidation, validationExitCode } from './validate.ts';

const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname;

describe('renderValidation', () => {
  it('prints each problem with its hint, then a summary; exit code 1 on errors', async () => {
    const result = await loadDefinitionFile(example('broken.yml'));
    const lines = renderValidation(result, 'text').trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${result.file}:3:11 error unsupported-version \`kindling\` expects the format version 1, found number 2`,
    );
    expect(lines[1]).toBe('  hint: Write `kindling: 1`.');
    expect(lines.at(-1)).toBe(`${result.file}: 17 errors`);
    expect(validationExitCode(result)).toBe(1);
  });

  it('names the version of a valid file; exit code 0', async () => {
    const result = await loadDefinitionFile(example('team-plan-pql.yml'));
    expect(renderValidation(result, 'text')).toMatch(/: valid, no problems \(version [0-9a-f]{12}\)\n$/);
    expect(validationExitCode(result)).toBe(0);
  });

  it('prints JSON with the same problem objects', async () => {
    const result = await loadDefinitionFile(example('broken.yml'));
    const json: unknown = JSON.parse(renderValidation(result, 'json'));
    expect(json).toEqual({ file: result.file, valid: false, version: null, problems: result.problems });
  });
});

describe('kindling validate', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<string> {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const program = new Command('kindling').exitOverride();
    register(program);
    await program.parseAsync(['node', 'kindling', 'validate', ...args]);
    return written.join('');
  }

  it('sets exit code 1 for a broken file and 0 for a valid one', async () => {
    const output = await run([example('broken.yml'), '--format', 'json']);
    expect(process.exitCode).toBe(1);
    expect(JSON.parse(output)).toMatchObject({ valid: false });
    await run([example('seed-004-compound-signal.yml')]);
    expect(process.exitCode).toBe(0);
  });

  it('reads kindling.yml by default', async () => {
    // Whether or not the working directory has one, the output is about kindling.yml.
    const output = await run([]);
    expect(output.startsWith('kindling.yml:')).toBe(true);
  });
});
