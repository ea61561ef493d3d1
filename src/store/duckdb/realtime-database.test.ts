import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { databaseFile, ensureDataDir, realtimeDatabaseFile } from '../data-dir.ts';
import { attach, REALTIME_CATALOG } from './attached-databases.ts';
import { DuckDbStore } from './duckdb-store.ts';
import { MIGRATIONS, RealtimeDatabaseMissingError } from './migrations.ts';
import { copyRealtimeTables } from './realtime-database.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const REALTIME_TABLES = [
  'definition_activations',
  'definition_start_points',
  'deliveries',
  'entity_states',
  'leads',
  'qualifications',
];

/** A store as the code before migration 13 left it: the real-time rows in the store's own file. */
async function olderStore(dataDir: string, then?: (conn: DuckDBConnection) => Promise<void>): Promise<void> {
  ensureDataDir(dataDir);
  const instance = await DuckDBInstance.create(databaseFile(dataDir));
  const conn = await instance.connect();
  await conn.run(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
  );
  for (const migration of MIGRATIONS.filter((m) => m.version <= 12)) {
    await conn.run(migration.sql);
    await conn.run(`INSERT INTO schema_migrations VALUES (${migration.version}, '', current_timestamp)`);
  }
  const at = "TIMESTAMP '2026-12-01 10:00:00'";
  await conn.run(`
    INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
      entity_id, kind, as_of, created_at, score, hand_raiser, status)
    SELECT 'q' || i, 'ws', 'pql', 'v1', false, 'user', 'u' || i, 'qualified', ${at}, ${at}, 70, false, 'routed'
    FROM range(1, 4) t(i);
    DELETE FROM qualifications WHERE id = 'q3';
    INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, score, status, opened_at, updated_at)
      VALUES ('ws', 'user', 'u1', 'q1', 70, 'contacted', ${at}, ${at});
    INSERT INTO deliveries (id, workspace_id, alert_id, destination, entity_type, entity_id, idempotency_key,
      payload, status, attempts, created_at, updated_at, claimed_by)
      VALUES ('d1', 'ws', 'q1', 'slack', 'user', 'u1', 'k1', '{}', 'delivered', 1, ${at}, ${at}, 'node-a');
    INSERT INTO definition_activations (workspace_id, role, version, activated_at) VALUES ('ws', 'live', 'v1', ${at});
    INSERT INTO definition_start_points VALUES ('ws', 'v1', ${at}, 0, ${at});
    INSERT INTO entity_states VALUES ('ws', 'v1', 'user', 'u1', 70, 'hot', false, true, ${at}, ${at});
  `);
  await then?.(conn);
  conn.closeSync();
  instance.closeSync();
}

const count = async (store: DuckDbStore, sql: string): Promise<number> =>
  Number((await store.database.client.query<{ n: number }>(sql))[0]?.n);

describe('the real-time database', () => {
  it('holds the real-time tables of a new store, named without their catalog; other new tables go to the store', async () => {
    const dataDir = join(dir.path, 'new');
    const store = await DuckDbStore.open(dataDir);
    try {
      const tables = await store.database.client.query<{ table_name: string }>(
        `SELECT table_name FROM duckdb_tables() WHERE database_name = '${REALTIME_CATALOG}' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(REALTIME_TABLES);
      const session = await store.database.session();
      await session.run(
        `INSERT INTO definition_activations (workspace_id, role, version, activated_at)
         VALUES ('ws', 'live', 'v1', TIMESTAMP '2026-12-01 10:00:00')`,
      );
      await session.run('CREATE TABLE scratch (a INTEGER)');
      await session.close();
      expect(await count(store, 'SELECT max(seq) AS n FROM definition_activations')).toBe(1);
      const [scratch] = await store.database.client.query<{ database_name: string }>(
        "SELECT database_name FROM duckdb_tables() WHERE table_name = 'scratch'",
      );
      expect(scratch?.database_name).toBe('kindling');
    } finally {
      await store.close();
    }
    expect(existsSync(realtimeDatabaseFile(dataDir))).toBe(true);
  });

  it("moves an older store's rows once, and its sequences on from their last value", async () => {
    const dataDir = join(dir.path, 'older');
    await olderStore(dataDir);
    for (const round of [1, 2]) {
      const store = await DuckDbStore.open(dataDir);
      try {
        const left = await store.database.client.query<{ table_name: string }>(
          `SELECT table_name FROM duckdb_tables() WHERE database_name = 'kindling' AND table_name IN
           (${REALTIME_TABLES.map((t) => `'${t}'`).join(', ')})`,
        );
        expect(left, `round ${round}: the store's own copies are gone`).toEqual([]);
        for (const table of REALTIME_TABLES)
          expect(await count(store, `SELECT count(*) AS n FROM ${table}`), `${table}, round ${round}`).toBe(
            table === 'qualifications' ? 2 : 1,
          );
        const [lead] = await store.database.client.query<{ status: string }>('SELECT status FROM leads');
        expect(lead?.status).toBe('contacted');
        const [delivery] = await store.database.client.query<{ claimed_by: string }>(
          'SELECT claimed_by FROM deliveries',
        );
        expect(delivery?.claimed_by).toBe('node-a');
        if (round === 1) {
          // q3 took seq 3 before it was deleted: the next qualification comes after it (DuckDB may
          // skip one: a reopened sequence reports one past the last value it handed out).
          await store.database.client.run(
            `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
               entity_id, kind, as_of, created_at, score, hand_raiser, status)
             VALUES ('q4', 'ws', 'pql', 'v1', false, 'user', 'u4', 'qualified', now(), now(), 70, false, 'routed')`,
          );
          expect(await count(store, "SELECT seq AS n FROM qualifications WHERE id = 'q4'")).toBeGreaterThan(
            3,
          );
          await store.database.client.run("DELETE FROM qualifications WHERE id = 'q4'");
        }
      } finally {
        await store.close();
      }
    }
  });

  it('keeps the copy of a move stopped before the store dropped its own, without doubling a row', async () => {
    const dataDir = join(dir.path, 'half-moved');
    await olderStore(dataDir, async (conn) => {
      await attach(conn, realtimeDatabaseFile(dataDir), REALTIME_CATALOG);
      await copyRealtimeTables(conn);
      await conn.run("UPDATE kindling_realtime.main.leads SET status = 'won'");
    });
    const store = await DuckDbStore.open(dataDir);
    try {
      expect(await count(store, 'SELECT count(*) AS n FROM qualifications')).toBe(2);
      const [lead] = await store.database.client.query<{ status: string }>('SELECT status FROM leads');
      expect(lead?.status).toBe('won');
    } finally {
      await store.close();
    }
  });

  it('refuses to open a store whose real-time file is gone, saying what it held', async () => {
    const dataDir = join(dir.path, 'lost');
    await (await DuckDbStore.open(dataDir)).close();
    rmSync(realtimeDatabaseFile(dataDir));
    rmSync(`${realtimeDatabaseFile(dataDir)}.wal`, { force: true });
    const opening = DuckDbStore.open(dataDir);
    await expect(opening).rejects.toBeInstanceOf(RealtimeDatabaseMissingError);
    await expect(opening).rejects.toThrow(/qualifications, leads and deliveries/);
  });
});
