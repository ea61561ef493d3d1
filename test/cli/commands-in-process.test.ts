/**
 * The rough edges of the CLI a new user meets, through the same `main` the binary runs, in-process:
 * folders, environment files, the flag named in each message, and no data directory left by a failure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definitionLine } from '../../src/cli/commands/serve.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { activate, saveVersion } from '../../src/versions/index.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('kindling commands, in-process', () => {
  it('init creates the folder it is given', async () => {
    const target = join(dir.path, 'new', 'nested');
    const result = await runInProcess(['init', target]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).not.toContain('    at ');
    expect(readFileSync(join(target, 'kindling.yml'), 'utf8')).toContain('kindling: 1');
    expect(readFileSync(join(target, '.env.example'), 'utf8')).toContain('Copy to .env');
  });

  it('score without a definition file names --definition, and leaves no data directory', async () => {
    const dataDir = join(dir.path, 'score-data');
    const result = await runInProcess(['score', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No definition file kindling.yml: pass --definition <file>');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a command that fails on a fresh data directory does not leave it behind', async () => {
    for (const args of [['rollback'], ['deliveries', 'replay', 'dlv_nope']]) {
      const dataDir = join(dir.path, `fresh-${args[0]}`);
      const result = await runInProcess([...args, '--data-dir', dataDir]);
      expect(result.code).toBe(1);
      expect(existsSync(dataDir)).toBe(false);
    }
  });

  it('a command that succeeds keeps the data directory it created', async () => {
    const dataDir = join(dir.path, 'kept');
    expect((await runInProcess(['keys', 'create', 'write', '--data-dir', dataDir])).code).toBe(0);
    expect(existsSync(dataDir)).toBe(true);
  });

  it('reads --env-file, and says which flag when the file is missing', async () => {
    const dataDir = join(dir.path, 'from-env-file');
    const file = join(dir.path, 'kindling.env');
    writeFileSync(file, `KINDLING_DATA_DIR=${dataDir}\n`);
    try {
      const created = await runInProcess(['keys', 'create', 'write', '--env-file', file]);
      expect(created.code).toBe(0);
      expect(existsSync(dataDir)).toBe(true);
    } finally {
      delete process.env.KINDLING_DATA_DIR;
    }
    const missing = await runInProcess(['keys', 'list', `--env-file=${join(dir.path, 'nope.env')}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--env-file');
  });
});

describe("serve's banner", () => {
  it('names the live version when started without a definition file', async () => {
    const store = await DuckDbStore.open(join(dir.path, 'banner'));
    const conn = await store.database.session();
    try {
      expect(await definitionLine(null, conn, 'default')).toMatch(/^none/);
      const source = readFileSync('examples/team-plan-pql.yml', 'utf8');
      const ir = loadDefinition(source, 'team-plan-pql.yml').ir;
      if (ir === null) throw new Error('the example should be valid');
      const saved = await saveVersion(conn, source, ir);
      await activate(conn, 'default', 'live', saved.version, null);
      expect(await definitionLine(null, conn, 'default')).toContain(`live version ${saved.version}`);
      expect(await definitionLine('kindling.yml', conn, 'default')).toBe('kindling.yml (workspace default)');
    } finally {
      await conn.close();
      await store.close();
    }
  });
});
