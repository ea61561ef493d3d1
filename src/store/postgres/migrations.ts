/**
 * Versioned schema migrations for the PostgreSQL store. Append new migrations; never edit an applied
 * one. Nodes starting together are safe: each migration runs in a transaction that first takes a
 * transaction-level advisory lock (released at COMMIT, so it works behind a pooler), then re-reads
 * which versions are applied. Tables match the embedded store's (src/store/duckdb/migrations.ts)
 * column for column, in PostgreSQL's types: payloads as `jsonb`, times as `timestamp` in UTC.
 */
import type { SqlClient } from '../../lib/sql-client.ts';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Any constant both nodes agree on; "kindling" in ASCII. */
const MIGRATION_LOCK = 0x6b696e646c696e67n;

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the whole schema of the embedded store at its migration 6',
    sql: `
      CREATE TABLE workspaces (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TIMESTAMP NOT NULL);
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, kind TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, label TEXT,
        created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP
      );
      CREATE SEQUENCE store_seq START 1;
      CREATE TABLE events (
        workspace_id TEXT NOT NULL, seq BIGINT NOT NULL, message_id TEXT NOT NULL,
        type TEXT NOT NULL, event TEXT, name TEXT,
        user_id TEXT, anonymous_id TEXT, group_id TEXT, previous_id TEXT,
        ts TIMESTAMP NOT NULL, received_at TIMESTAMP NOT NULL, sent_at TIMESTAMP, original_timestamp TIMESTAMP,
        properties JSONB, traits JSONB, context JSONB
      );
      CREATE INDEX events_seq ON events (seq);
      CREATE INDEX events_user ON events (workspace_id, user_id, ts);
      CREATE INDEX events_anonymous ON events (workspace_id, anonymous_id, ts);
      CREATE INDEX events_group ON events (workspace_id, group_id, ts);
      -- Exact dedupe by messageId per workspace, enforced by the database: a message id is claimed
      -- here in the transaction that stores the event, so two nodes never store one message twice.
      CREATE TABLE message_ids (
        workspace_id TEXT NOT NULL, message_id TEXT NOT NULL, received_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, message_id)
      );
      CREATE INDEX message_ids_received ON message_ids (received_at);
      CREATE TABLE identity_links (workspace_id TEXT NOT NULL, from_id TEXT NOT NULL, user_id TEXT NOT NULL, ts TIMESTAMP NOT NULL, seq BIGINT NOT NULL);
      CREATE INDEX identity_links_from ON identity_links (workspace_id, from_id);
      CREATE INDEX identity_links_user ON identity_links (workspace_id, user_id);
      CREATE INDEX identity_links_seq ON identity_links (seq);
      CREATE TABLE memberships (workspace_id TEXT NOT NULL, user_key TEXT NOT NULL, group_id TEXT NOT NULL, ts TIMESTAMP NOT NULL, seq BIGINT NOT NULL);
      CREATE INDEX memberships_user ON memberships (workspace_id, user_key);
      CREATE INDEX memberships_group ON memberships (workspace_id, group_id);
      CREATE INDEX memberships_seq ON memberships (seq);
      CREATE TABLE traits (
        workspace_id TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
        key TEXT NOT NULL, value JSONB, ts TIMESTAMP, seq BIGINT NOT NULL, source TEXT NOT NULL
      );
      CREATE INDEX traits_entity ON traits (workspace_id, entity_type, entity_id);
      CREATE INDEX traits_seq ON traits (seq);
      CREATE TABLE rejections (
        workspace_id TEXT NOT NULL, received_at TIMESTAMP NOT NULL, reason TEXT NOT NULL,
        detail TEXT NOT NULL, item_index INTEGER, message_id TEXT, excerpt TEXT
      );
      CREATE TABLE outcomes (
        workspace_id TEXT NOT NULL, seq BIGINT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
        type TEXT NOT NULL, amount DOUBLE PRECISION, owner TEXT, ts TIMESTAMP NOT NULL, source TEXT NOT NULL,
        received_at TIMESTAMP NOT NULL
      );
      CREATE INDEX outcomes_entity ON outcomes (workspace_id, entity_type, entity_id);
      CREATE INDEX outcomes_seq ON outcomes (seq);
      CREATE SEQUENCE deliveries_seq START 1;
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY, seq BIGINT NOT NULL DEFAULT nextval('deliveries_seq'),
        workspace_id TEXT NOT NULL, alert_id TEXT NOT NULL, destination TEXT NOT NULL,
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,
        payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at TIMESTAMP, last_status INTEGER, last_detail TEXT,
        created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, delivered_at TIMESTAMP
      );
      CREATE INDEX deliveries_pending ON deliveries (status, workspace_id, destination, entity_type, entity_id, seq);
      CREATE TABLE definition_versions (
        version TEXT PRIMARY KEY, name TEXT NOT NULL, entity_type TEXT NOT NULL,
        source TEXT NOT NULL, ir TEXT NOT NULL, created_at TIMESTAMP NOT NULL
      );
      CREATE SEQUENCE definition_activations_seq START 1;
      CREATE TABLE definition_activations (
        seq BIGINT NOT NULL DEFAULT nextval('definition_activations_seq'), workspace_id TEXT NOT NULL,
        role TEXT NOT NULL, version TEXT, activated_at TIMESTAMP NOT NULL, note TEXT
      );
      CREATE TABLE entity_states (
        workspace_id TEXT NOT NULL, definition_version TEXT NOT NULL,
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL, tier TEXT, hand_raiser BOOLEAN NOT NULL, gates_pass BOOLEAN NOT NULL,
        as_of TIMESTAMP NOT NULL, tier_since TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, definition_version, entity_type, entity_id)
      );
      CREATE SEQUENCE qualifications_seq START 1;
      CREATE TABLE qualifications (
        id TEXT PRIMARY KEY, seq BIGINT NOT NULL DEFAULT nextval('qualifications_seq'),
        workspace_id TEXT NOT NULL, definition_name TEXT NOT NULL, definition_version TEXT NOT NULL,
        shadow BOOLEAN NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
        kind TEXT NOT NULL, as_of TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL,
        score DOUBLE PRECISION NOT NULL, tier TEXT, previous_tier TEXT, hand_raiser BOOLEAN NOT NULL,
        trigger_event TEXT, trigger_at TIMESTAMP, receipt TEXT,
        status TEXT NOT NULL, reason TEXT, rule TEXT, owner TEXT, team TEXT,
        destinations TEXT, sla_due_at TIMESTAMP
      );
      CREATE INDEX qualifications_entity ON qualifications (workspace_id, entity_type, entity_id);
      CREATE TABLE leads (
        workspace_id TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
        qualification_id TEXT NOT NULL, tier TEXT, score DOUBLE PRECISION NOT NULL, rule TEXT,
        owner TEXT, owner_name TEXT, team TEXT, assigned_at TIMESTAMP,
        status TEXT NOT NULL, sla_due_at TIMESTAMP, contacted_at TIMESTAMP, breached_at TIMESTAMP,
        escalated_to TEXT, snoozed_until TIMESTAMP, opened_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, entity_type, entity_id)
      );
      CREATE TABLE suppressions (
        workspace_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, reason TEXT,
        source TEXT NOT NULL, created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, kind, value)
      );
      CREATE TABLE definition_start_points (
        workspace_id TEXT NOT NULL, definition_version TEXT NOT NULL,
        started_at TIMESTAMP NOT NULL, through_seq BIGINT NOT NULL, baselined_at TIMESTAMP,
        PRIMARY KEY (workspace_id, definition_version)
      );
      CREATE TABLE delivery_incidents (
        id TEXT PRIMARY KEY, destination TEXT NOT NULL, alert_to TEXT NOT NULL,
        reason TEXT NOT NULL, since TIMESTAMP NOT NULL, last_status INTEGER, last_detail TEXT,
        opened_at TIMESTAMP NOT NULL, notified_at TIMESTAMP, recovered_at TIMESTAMP,
        recovery_notified_at TIMESTAMP
      );
    `,
  },
  {
    version: 2,
    name: "delivery claims (the embedded store's migration 7)",
    // Nodes claim deliveries (src/outbox/sql-outbox-store.ts): the claimant and its lease, so one
    // that dies gives its deliveries up to the others when the lease ends.
    sql: `
      ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
      ALTER TABLE deliveries ADD COLUMN claimed_until TIMESTAMP;
    `,
  },
  {
    version: 3,
    name: "CRM sync state (the embedded store's migration 8)",
    sql: `
      CREATE TABLE crm_push_state (
        workspace_id TEXT NOT NULL, crm TEXT NOT NULL, object TEXT NOT NULL,
        entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, record_id TEXT NOT NULL,
        values_hash TEXT NOT NULL, pushed_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, crm, object, entity_type, entity_id)
      );
      CREATE TABLE crm_cursors (
        workspace_id TEXT NOT NULL, crm TEXT NOT NULL, object TEXT NOT NULL,
        modified_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, crm, object)
      );
      CREATE TABLE crm_runs (
        id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, crm TEXT NOT NULL, direction TEXT NOT NULL,
        started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP NOT NULL, written INTEGER NOT NULL,
        unchanged INTEGER NOT NULL, unmatched INTEGER NOT NULL, failed INTEGER NOT NULL, detail TEXT
      );
    `,
  },
  {
    version: 4,
    name: 'leases: the leader, real-time partitions and node heartbeats',
    sql: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TIMESTAMP NOT NULL, acquired_at TIMESTAMP NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: "incremental scoring state (the embedded store's migration 10)",
    sql: `
      CREATE TABLE incremental_rows (
        workspace_id TEXT NOT NULL, definition_version TEXT NOT NULL, unit_id TEXT NOT NULL,
        state TEXT NOT NULL, next_change_at BIGINT,
        PRIMARY KEY (workspace_id, definition_version, unit_id)
      );
      CREATE TABLE incremental_checkpoints (
        workspace_id TEXT NOT NULL, definition_version TEXT NOT NULL,
        through_seq BIGINT NOT NULL, horizon BIGINT,
        PRIMARY KEY (workspace_id, definition_version)
      );
    `,
  },
  {
    version: 6,
    name: "incremental state format (the embedded store's migration 11)",
    sql: 'ALTER TABLE incremental_checkpoints ADD COLUMN state_format INTEGER NOT NULL DEFAULT 1;',
  },
];

/** Brings the database to the last migration; returns that version. */
export async function migratePostgres(client: SqlClient): Promise<number> {
  await client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMP)',
    );
  });
  for (const migration of PG_MIGRATIONS) {
    await client.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      const applied = await tx.query('SELECT 1 AS applied FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (applied.length > 0) return;
      await tx.run(migration.sql);
      await tx.run("INSERT INTO schema_migrations VALUES ($1, $2, now() AT TIME ZONE 'UTC')", [
        migration.version,
        migration.name,
      ]);
    });
  }
  return PG_MIGRATIONS.at(-1)?.version ?? 0;
}
