/**
 * The storage back ends a contract suite runs against: the embedded DuckDB (in memory) and the real
 * PostgreSQL server at `KINDLING_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`).
 * Each test run gets a database of its own, each opened back end a schema of its own, so suites
 * never see each other's rows. When no PostgreSQL answers, its side is skipped with a warning, unless
 * `CI` is set: then it fails, because CI has a server.
 */
import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, afterEach, describe } from 'vitest';
import type { SqlDatabase, StoreBackend } from '../../src/lib/sql-client.ts';
import { DuckDbClient, DuckDbDatabase } from '../../src/store/duckdb/duckdb-client.ts';
import { migrate } from '../../src/store/duckdb/migrations.ts';
import { migratePostgres } from '../../src/store/postgres/migrations.ts';
import { PgDatabase } from '../../src/store/postgres/pg-client.ts';

export const POSTGRES_TEST_URL =
  process.env.KINDLING_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly backend: StoreBackend;
  readonly database: SqlDatabase;
  /**
   * A second, independent handle on the same data (another node, or a process after a restart).
   * Closing the first handle closes the handles it reopened.
   */
  reopen(): Promise<TestDatabase>;
  close(): Promise<void>;
}

/** This test file's own PostgreSQL database, or null when no server answers (outside CI). */
export const POSTGRES_RUN_URL: string | null = await createRunDatabase();

async function createRunDatabase(): Promise<string | null> {
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false')
      throw new Error(
        `PostgreSQL at ${POSTGRES_TEST_URL} does not answer, and CI needs it: ${String(error)}`,
      );
    console.warn(`⚠ PostgreSQL at ${POSTGRES_TEST_URL} does not answer: its contract tests are skipped.`);
    return null;
  }
  const name = `kindling_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  afterAll(async () => {
    const dropper = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated embedded database in memory. */
export async function openDuckDbTestDatabase(): Promise<TestDatabase> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await migrate(conn);
  const database = new DuckDbDatabase(instance, new DuckDbClient(conn));
  const handle: TestDatabase = {
    backend: 'duckdb',
    database,
    reopen: async () => ({ ...handle, close: async () => {} }),
    close: async () => {
      await database.client.close();
      instance.closeSync();
    },
  };
  return handle;
}

/** A fresh, migrated schema in this run's PostgreSQL database. */
export async function openPostgresTestDatabase(runUrl: string): Promise<TestDatabase> {
  const schema = `s_${randomBytes(6).toString('hex')}`;
  const setup = PgDatabase.connect(runUrl, { max: 1 });
  await setup.client.run(`CREATE SCHEMA ${schema}`);
  await setup.close();
  const url = new URL(runUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const handles: PgDatabase[] = [];
  const open = async (): Promise<TestDatabase> => {
    const database = PgDatabase.connect(url.toString(), { max: 4 });
    handles.push(database);
    return { backend: 'postgres', database, reopen: open, close: closeAll };
  };
  // Closing any handle closes them all: a test's second node must not outlive it.
  const closeAll = async () => {
    for (const database of handles.splice(0)) await database.close();
  };
  const first = await open();
  await migratePostgres(first.database.client);
  return first;
}

/**
 * Call inside a suite: a function that opens a database for the running test, closed (with any
 * handles it reopened) after that test.
 */
export function databasesPerTest(open: () => Promise<TestDatabase>): () => Promise<TestDatabase> {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0).reverse()) await db.close();
  });
  return async () => {
    const db = await open();
    opened.push(db);
    return db;
  };
}

/**
 * Declares `body` once per back end, as `describe('<title> on duckdb')` and `… on postgres'`.
 * `open` gives each test a fresh, migrated database; close it in the test (or `afterEach`).
 */
export function describeEachBackend(
  title: string,
  body: (open: () => Promise<TestDatabase>, backend: StoreBackend) => void,
): void {
  describe(`${title} on duckdb`, () => body(openDuckDbTestDatabase, 'duckdb'));
  const url = POSTGRES_RUN_URL;
  describe.skipIf(url === null)(`${title} on postgres`, () =>
    body(() => openPostgresTestDatabase(url ?? ''), 'postgres'),
  );
}
