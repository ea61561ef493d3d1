import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { GIB, MIB } from '../../lib/byte-size.ts';
import { databaseErrorFields, databaseErrorHint } from '../../lib/database-errors.ts';
import { DuckDbStore } from './duckdb-store.ts';
import { defaultMemoryLimit, memoryLimitSetting, servedStore } from './memory-limit.ts';

const dir = tempDir();
afterAll(() => dir.remove());

describe('the DuckDB memory limit', () => {
  it('defaults to a quarter of RAM within 256 MiB–1 GiB', () => {
    expect(defaultMemoryLimit(512 * MIB)).toBe(256 * MIB);
    expect(defaultMemoryLimit(2 * GIB)).toBe(512 * MIB);
    expect(defaultMemoryLimit(24 * GIB)).toBe(GIB);
    expect(memoryLimitSetting(768 * MIB)).toBe(`${768 * MIB}B`);
  });

  it.each([
    ['set', { memoryLimit: 300 * MIB }, '300.0 MiB'],
    ["a server's default", {}, '256.0 MiB'],
  ])('is set when a server opens the data directory (%s), with one thread', async (name, config, limit) => {
    const store = await DuckDbStore.open(join(dir.path, name), Date.now, servedStore(config));
    try {
      const setting = await store.database.client.query<{ limit_text: string; threads: number }>(
        "SELECT current_setting('memory_limit') AS limit_text, current_setting('threads') AS threads",
      );
      expect(setting[0]?.limit_text).toBe(limit);
      expect(Number(setting[0]?.threads)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('fails a query past it with an error whose hint names the setting', async () => {
    const store = await DuckDbStore.open(
      join(dir.path, 'small'),
      Date.now,
      servedStore({ memoryLimit: 32 * MIB }),
    );
    try {
      const failed = await store.database.client
        .query('SELECT list(i) AS all_of_them FROM range(20000000) t(i)')
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(databaseErrorHint(failed)).toContain('--memory-limit');
      expect(databaseErrorFields(failed)).toMatchObject({ error: expect.stringContaining('Out of Memory') });
      // Other errors carry no hint.
      const other = await store.database.client.query('SELECT no_such_column').then(
        () => null,
        (error: unknown) => error,
      );
      expect(other).toBeInstanceOf(Error);
      expect(databaseErrorHint(other)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("names PostgreSQL's own out-of-memory error (SQLSTATE 53200)", () => {
    const error = Object.assign(new Error('out of memory'), { code: '53200' });
    expect(databaseErrorHint(error)).toContain('work_mem');
    expect(databaseErrorHint(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeNull();
  });
});
