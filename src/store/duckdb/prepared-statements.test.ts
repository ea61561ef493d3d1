import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbClient } from './duckdb-client.ts';
import { PreparedStatements } from './prepared-statements.ts';

describe('PreparedStatements', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  const first = async (statements: PreparedStatements, text: string, values: (string | number)[]) =>
    statements.with(text, values, undefined, async (statement) => {
      const reader = await statement.runAndReadAll();
      return reader.getRows()[0]?.[0];
    });

  it('prepares a text once and binds each call’s own values, of any type', async () => {
    const statements = new PreparedStatements(await instance.connect());
    expect(await first(statements, 'SELECT $1', [1])).toBe(1);
    expect(await first(statements, 'SELECT $1', ['two'])).toBe('two');
    expect(await first(statements, 'SELECT $1 + 1', [41])).toBe(42);
    expect(statements.size).toBe(2);
  });

  it('keeps the most recently used texts up to its capacity', async () => {
    const statements = new PreparedStatements(await instance.connect(), 2);
    for (const n of [1, 2, 1, 3]) expect(await first(statements, `SELECT $1 * ${n}`, [10])).toBe(10 * n);
    expect(statements.size).toBe(2);
    // `* 2` was dropped, `* 1` kept (used after it): both still answer.
    expect(await first(statements, 'SELECT $1 * 2', [5])).toBe(10);
    expect(await first(statements, 'SELECT $1 * 1', [5])).toBe(5);
  });

  it('does not share a statement between two calls at once', async () => {
    const statements = new PreparedStatements(await instance.connect());
    const slow = statements.with('SELECT $1', [7], undefined, async (statement) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return (await statement.runAndReadAll()).getRows()[0]?.[0];
    });
    const quick = first(statements, 'SELECT $1', [8]);
    expect(await Promise.all([slow, quick])).toEqual([7, 8]);
    expect(await first(statements, 'SELECT $1', [9])).toBe(9);
  });
});

describe('DuckDbClient with kept statements', () => {
  it('writes and reads through the same texts in and out of transactions', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const client = new DuckDbClient(await instance.connect());
    await client.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const upsert = 'INSERT INTO t VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v';
    for (let i = 0; i < 5; i++) expect(await client.run(upsert, ['a', i])).toBe(1);
    await client.transaction(async (tx) => {
      await tx.run(upsert, ['b', 10]);
      await tx.run(upsert, ['a', 11]);
    });
    await expect(
      client.transaction(async (tx) => {
        await tx.run(upsert, ['c', 12]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await client.query('SELECT k, v FROM t WHERE v > $1 ORDER BY k', [0])).toEqual([
      { k: 'a', v: 11 },
      { k: 'b', v: 10 },
    ]);
    await client.close();
    instance.closeSync();
  });
});
