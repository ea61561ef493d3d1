/**
 * The real-time path's tables live in a DuckDB database of their own beside the store, attached as
 * `kindling_realtime` (attached-databases.ts). At 5,000 events/s the store's WAL crossed its
 * checkpoint threshold every ≈ 4.6 minutes, and a pass committing its qualification to the same
 * file waited for the checkpoint, up to 1.9 s (issue 16); reading the events inside a transaction
 * that writes another file does not wait.
 *
 * DuckDB lets one transaction write one database, so the group is what the pass, the SLA follow-ups
 * and an activation write together: qualifications, leads, deliveries, entity states, definition
 * start points and activations, with the sequences their defaults draw from (`nextval` writes the
 * sequence's database). A table written in one transaction with these belongs here too; a migration
 * of one of them cannot share the runner's transaction (its record is in the store's file).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { REALTIME_CATALOG } from './attached-databases.ts';

const SEQUENCES = ['deliveries_seq', 'definition_activations_seq', 'qualifications_seq'] as const;

const TABLES = [
  'deliveries',
  'definition_activations',
  'entity_states',
  'qualifications',
  'leads',
  'definition_start_points',
] as const;

const at = (name: string): string => `${REALTIME_CATALOG}.main.${name}`;

/**
 * The store's table `table` as DuckDB describes it (`duckdb_tables().sql`), re-created under the
 * real-time catalog: the same columns, keys and defaults as migrations 3–7 left it, the defaults
 * drawing from the real-time database's sequences.
 */
function recreated(table: string, sql: string): string {
  const head = `CREATE TABLE ${table}(`;
  if (!sql.startsWith(head)) throw new Error(`bug: DuckDB describes ${table} as ${sql.slice(0, 60)}…`);
  const body = sql
    .slice(head.length)
    .replace(/nextval\('(\w+)'\)/g, (_, sequence: string) => `nextval('${at(sequence)}')`);
  return `CREATE TABLE ${at(table)}(${body}`;
}

/** Whether the attached real-time database holds its tables. */
export async function hasRealtimeTables(conn: DuckDBConnection): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = '${REALTIME_CATALOG}' AND table_name = 'qualifications'`,
  );
  return Number(reader.getRows()[0]?.[0]) > 0;
}

/**
 * Creates the real-time tables in their database with the rows of the store's own, in one
 * transaction, unless it holds them already: a crash before the store's tables are dropped
 * (migration 13) leaves a copy that the next start keeps. Each sequence starts after the store's
 * last value, so ids and orders handed out before the move are never handed out again.
 */
export async function copyRealtimeTables(conn: DuckDBConnection): Promise<void> {
  if (await hasRealtimeTables(conn)) return;
  const sequences = await conn.runAndReadAll(
    `SELECT sequence_name, start_value, last_value FROM duckdb_sequences()
     WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  const starts = new Map<string, bigint>();
  for (const [name, start, last] of sequences.getRows()) {
    if (typeof start === 'bigint') starts.set(String(name), typeof last === 'bigint' ? last + 1n : start);
  }
  const tables = await conn.runAndReadAll(
    `SELECT table_name, sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  const described = new Map(tables.getRows().map(([name, sql]) => [String(name), String(sql)]));
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const sequence of SEQUENCES) {
      await conn.run(`CREATE SEQUENCE ${at(sequence)} START ${starts.get(sequence) ?? 1n}`);
    }
    for (const table of TABLES) {
      const sql = described.get(table);
      if (sql === undefined) throw new Error(`bug: the store has no ${table} to move`);
      await conn.run(recreated(table, sql));
      await conn.run(`INSERT INTO ${at(table)} SELECT * FROM main.${table}`);
    }
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK');
    throw error;
  }
  await conn.run(`CHECKPOINT ${REALTIME_CATALOG}`);
}

/** Migration 13's statements: the store's own copies go once the real-time database holds them. */
export const DROP_STORE_COPIES = [
  ...TABLES.map((table) => `DROP TABLE main.${table};`),
  ...SEQUENCES.map((sequence) => `DROP SEQUENCE main.${sequence};`),
].join('\n');
