/**
 * Versioned schema migrations for the embedded store. Append new migrations; never edit an applied one.
 * The event tables are the canonical scoring schema the SQL compiler reads (docs/sql.md).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workspaces, keys, events and what events imply',
    sql: `
      CREATE TABLE workspaces (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL);
      CREATE TABLE api_keys (
        id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        hash VARCHAR NOT NULL UNIQUE, prefix VARCHAR NOT NULL, label VARCHAR,
        created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP
      );
      -- Append-only, in arrival order (seq). Scoring scans it by time window and groups by entity,
      -- so it is kept narrow: ids and time as columns, payloads as JSON.
      CREATE TABLE events (
        workspace_id VARCHAR NOT NULL, seq BIGINT NOT NULL, message_id VARCHAR NOT NULL,
        type VARCHAR NOT NULL, event VARCHAR, name VARCHAR,
        user_id VARCHAR, anonymous_id VARCHAR, group_id VARCHAR, previous_id VARCHAR,
        ts TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL, sent_at TIMESTAMP, original_timestamp TIMESTAMP,
        properties JSON, traits JSON, context JSON
      );
      CREATE TABLE identity_links (workspace_id VARCHAR NOT NULL, from_id VARCHAR NOT NULL, user_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, seq BIGINT NOT NULL);
      CREATE TABLE memberships (workspace_id VARCHAR NOT NULL, user_key VARCHAR NOT NULL, group_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, seq BIGINT NOT NULL);
      CREATE TABLE traits (
        workspace_id VARCHAR NOT NULL, entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        key VARCHAR NOT NULL, value JSON, ts TIMESTAMP, seq BIGINT NOT NULL, source VARCHAR NOT NULL
      );
      CREATE TABLE rejections (
        workspace_id VARCHAR NOT NULL, received_at TIMESTAMP NOT NULL, reason VARCHAR NOT NULL,
        detail VARCHAR NOT NULL, item_index INTEGER, message_id VARCHAR, excerpt VARCHAR
      );
      CREATE TABLE outcomes (
        workspace_id VARCHAR NOT NULL, seq BIGINT NOT NULL, entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        type VARCHAR NOT NULL, amount DOUBLE, owner VARCHAR, ts TIMESTAMP NOT NULL, source VARCHAR NOT NULL,
        received_at TIMESTAMP NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'payload columns hold JSON text as VARCHAR',
    // DuckDB validates a JSON-typed value on every append (~40 % of the append cost here); Kindling
    // only ever writes JSON.stringify output, and DuckDB's JSON functions read VARCHAR alike.
    sql: `
      ALTER TABLE events ALTER properties TYPE VARCHAR;
      ALTER TABLE events ALTER traits TYPE VARCHAR;
      ALTER TABLE events ALTER context TYPE VARCHAR;
      ALTER TABLE traits ALTER value TYPE VARCHAR;
    `,
  },
  {
    version: 3,
    name: 'the delivery outbox',
    // One row per alert and destination (src/outbox). `seq` orders deliveries of one entity; the
    // idempotency key is unique so enqueueing the same alert twice is a no-op.
    sql: `
      CREATE SEQUENCE deliveries_seq START 1;
      CREATE TABLE deliveries (
        id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL DEFAULT nextval('deliveries_seq'),
        workspace_id VARCHAR NOT NULL, alert_id VARCHAR NOT NULL, destination VARCHAR NOT NULL,
        entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, idempotency_key VARCHAR NOT NULL UNIQUE,
        payload VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at TIMESTAMP, last_status INTEGER, last_detail VARCHAR,
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, delivered_at TIMESTAMP
      );
    `,
  },
];

export async function migrate(conn: DuckDBConnection): Promise<number> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
  );
  const applied = await conn.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_migrations');
  const current = Number(applied.getRows()[0]?.[0] ?? 0);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(migration.sql);
      await conn.run('INSERT INTO schema_migrations VALUES ($1, $2, current_timestamp)', [
        migration.version,
        migration.name,
      ]);
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK');
      throw error;
    }
  }
  return MIGRATIONS.at(-1)?.version ?? 0;
}
