/**
 * An embedded data directory copied into a fresh PostgreSQL database laid out by the PgStore's own
 * migrations (the product's schema and indexes, not scratch scoring tables): DuckDB exports each
 * table to CSV, the server reads it with COPY, then ANALYZE. Both sides name their columns
 * explicitly and PostgreSQL checks the header against them (`HEADER MATCH`), so a column order that
 * differs between the two schemas fails loudly instead of loading values into the wrong columns.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { databaseFile } from '../../src/store/data-dir.ts';
import { PgStore } from '../../src/store/postgres/pg-store.ts';

const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  events: [
    'workspace_id',
    'seq',
    'message_id',
    'type',
    'event',
    'name',
    'user_id',
    'anonymous_id',
    'group_id',
    'previous_id',
    'ts',
    'received_at',
    'sent_at',
    'original_timestamp',
    'properties',
    'traits',
    'context',
  ],
  identity_links: ['workspace_id', 'from_id', 'user_id', 'ts', 'seq'],
  memberships: ['workspace_id', 'user_key', 'group_id', 'ts', 'seq'],
  traits: ['workspace_id', 'entity_type', 'entity_id', 'key', 'value', 'ts', 'seq', 'source'],
};

export const BENCH_POSTGRES_URL =
  process.env.KINDLING_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `url` with another database name. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Drops and creates `name` on the server at `adminUrl`; returns its URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Copies the scoring tables of `dataDir` into the migrated, empty PgStore at `url`. */
export async function copyIntoPgStore(dataDir: string, url: string): Promise<{ seconds: number }> {
  const t0 = performance.now();
  const exportDir = mkdtempSync(join(tmpdir(), 'kindling-pg-'));
  // The server process reads the files: it needs to enter the directory and read them.
  chmodSync(exportDir, 0o755);
  const store = await PgStore.open(url);
  try {
    const instance = await DuckDBInstance.create(databaseFile(dataDir));
    const conn = await instance.connect();
    try {
      for (const [table, columns] of Object.entries(COLUMNS)) {
        const file = join(exportDir, `${table}.csv`);
        await conn.run(`COPY (SELECT ${columns.join(', ')} FROM ${table}) TO '${file}' (HEADER)`);
        chmodSync(file, 0o644);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    for (const [table, columns] of Object.entries(COLUMNS)) {
      const file = join(exportDir, `${table}.csv`);
      await store.database.client.run(
        `COPY ${table} (${columns.join(', ')}) FROM '${file}' (FORMAT csv, HEADER MATCH)`,
      );
    }
    await store.database.client.run('ANALYZE');
  } finally {
    await store.close();
    rmSync(exportDir, { recursive: true, force: true });
  }
  return { seconds: (performance.now() - t0) / 1000 };
}
