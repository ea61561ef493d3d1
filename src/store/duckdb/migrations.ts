/**
 * Versioned schema migrations for the embedded store. Append new migrations; never edit an applied one.
 * The event tables are the canonical scoring schema the SQL compiler reads (docs/sql.md).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError } from '../../lib/user-error.ts';
import {
  type AttachedFiles,
  attach,
  IN_MEMORY,
  REALTIME_CATALOG,
  searchAttachedDatabases,
} from './attached-databases.ts';
import { copyRealtimeTables, DROP_STORE_COPIES, hasRealtimeTables } from './realtime-database.ts';
import { attachStateDatabase } from './state-database.ts';

interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs before the migration's transaction, on its own: work in another attached database. */
  readonly before?: (conn: DuckDBConnection) => Promise<void>;
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
  {
    version: 4,
    name: 'real-time qualification: definition versions, entity states, qualifications, leads, suppressions',
    // definition_versions: every definition a server or `kindling activate` saw, immutable, keyed by
    //   the hash of its meaning; `source` is the whole kindling.yml (routing and destinations too).
    // definition_activations: the log of which version was live or shadow when (rollback reads it).
    // entity_states: the current score and tier of each entity per definition version (real time).
    // qualifications: immutable receipts of tier changes; kind 'qualified' (tier rose or a
    //   hand-raiser fired) or 'downgraded'; `status` says what routing did with it.
    // leads: one mutable row per entity in the sales queue: owner (stable), SLA, status.
    // suppressions: the do-not-contact list (e-mails and domains).
    sql: `
      CREATE TABLE definition_versions (
        version VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, entity_type VARCHAR NOT NULL,
        source VARCHAR NOT NULL, ir VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL
      );
      CREATE SEQUENCE definition_activations_seq START 1;
      CREATE TABLE definition_activations (
        seq BIGINT NOT NULL DEFAULT nextval('definition_activations_seq'), workspace_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL, version VARCHAR, activated_at TIMESTAMP NOT NULL, note VARCHAR
      );
      CREATE TABLE entity_states (
        workspace_id VARCHAR NOT NULL, definition_version VARCHAR NOT NULL,
        entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        score DOUBLE NOT NULL, tier VARCHAR, hand_raiser BOOLEAN NOT NULL, gates_pass BOOLEAN NOT NULL,
        as_of TIMESTAMP NOT NULL, tier_since TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, definition_version, entity_type, entity_id)
      );
      CREATE SEQUENCE qualifications_seq START 1;
      CREATE TABLE qualifications (
        id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL DEFAULT nextval('qualifications_seq'),
        workspace_id VARCHAR NOT NULL, definition_name VARCHAR NOT NULL, definition_version VARCHAR NOT NULL,
        shadow BOOLEAN NOT NULL, entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, as_of TIMESTAMP NOT NULL, created_at TIMESTAMP NOT NULL,
        score DOUBLE NOT NULL, tier VARCHAR, previous_tier VARCHAR, hand_raiser BOOLEAN NOT NULL,
        trigger_event VARCHAR, trigger_at TIMESTAMP, receipt VARCHAR,
        status VARCHAR NOT NULL, reason VARCHAR, rule VARCHAR, owner VARCHAR, team VARCHAR,
        destinations VARCHAR, sla_due_at TIMESTAMP
      );
      CREATE TABLE leads (
        workspace_id VARCHAR NOT NULL, entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        qualification_id VARCHAR NOT NULL, tier VARCHAR, score DOUBLE NOT NULL, rule VARCHAR,
        owner VARCHAR, owner_name VARCHAR, team VARCHAR, assigned_at TIMESTAMP,
        status VARCHAR NOT NULL, sla_due_at TIMESTAMP, contacted_at TIMESTAMP, breached_at TIMESTAMP,
        escalated_to VARCHAR, snoozed_until TIMESTAMP, opened_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, entity_type, entity_id)
      );
      CREATE TABLE suppressions (
        workspace_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, value VARCHAR NOT NULL, reason VARCHAR,
        source VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, kind, value)
      );
    `,
  },
  {
    version: 5,
    name: 'definition start points',
    // definition_start_points: where each definition version starts scoring each workspace
    //   (src/realtime/start-points.ts). Activation writes it pending (baselined_at null) with the
    //   last store row committed (through_seq); the engine then records the baseline over exactly
    //   those rows, as of started_at, so every row after through_seq is qualified, across any crash.
    //   Versions that already hold states started before this table existed: backfilled as baselined.
    sql: `
      CREATE TABLE definition_start_points (
        workspace_id VARCHAR NOT NULL, definition_version VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL, through_seq BIGINT NOT NULL, baselined_at TIMESTAMP,
        PRIMARY KEY (workspace_id, definition_version)
      );
      INSERT INTO definition_start_points
        SELECT workspace_id, definition_version, min(as_of), 0, min(as_of) FROM entity_states GROUP BY ALL;
    `,
  },
  {
    version: 6,
    name: 'delivery failure incidents',
    // One row per incident of a destination whose deliveries failed (src/outbox/failure-monitor.ts):
    // the notices sent for it are recorded, so each is sent once, across restarts.
    sql: `
      CREATE TABLE delivery_incidents (
        id VARCHAR PRIMARY KEY, destination VARCHAR NOT NULL, alert_to VARCHAR NOT NULL,
        reason VARCHAR NOT NULL, since TIMESTAMP NOT NULL, last_status INTEGER, last_detail VARCHAR,
        opened_at TIMESTAMP NOT NULL, notified_at TIMESTAMP, recovered_at TIMESTAMP,
        recovery_notified_at TIMESTAMP
      );
    `,
  },
  {
    version: 7,
    name: 'delivery claims',
    // The node sending a delivery holds it until `claimed_until` (src/outbox/sql-outbox-store.ts):
    // the same columns as on PostgreSQL, where several nodes share one outbox.
    sql: `
      ALTER TABLE deliveries ADD COLUMN claimed_by VARCHAR;
      ALTER TABLE deliveries ADD COLUMN claimed_until TIMESTAMP;
    `,
  },
  {
    version: 8,
    name: 'CRM sync state',
    // src/crm (docs/crm.md). crm_push_state: per CRM record kind and entity, the record it was matched
    //   to and the hash of the values last written, so a push sends only what changed and resumes
    //   after a crash without re-sending a finished batch. crm_cursors: how far a pull has read
    //   deals / opportunities by modification time. crm_runs: each push and pull, for the dashboard.
    sql: `
      CREATE TABLE crm_push_state (
        workspace_id VARCHAR NOT NULL, crm VARCHAR NOT NULL, object VARCHAR NOT NULL,
        entity_type VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL,
        values_hash VARCHAR NOT NULL, pushed_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, crm, object, entity_type, entity_id)
      );
      CREATE TABLE crm_cursors (
        workspace_id VARCHAR NOT NULL, crm VARCHAR NOT NULL, object VARCHAR NOT NULL,
        modified_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (workspace_id, crm, object)
      );
      CREATE TABLE crm_runs (
        id VARCHAR PRIMARY KEY, workspace_id VARCHAR NOT NULL, crm VARCHAR NOT NULL, direction VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP NOT NULL, written INTEGER NOT NULL,
        unchanged INTEGER NOT NULL, unmatched INTEGER NOT NULL, failed INTEGER NOT NULL, detail VARCHAR
      );
    `,
  },
  {
    version: 9,
    name: 'leases: the leader, real-time partitions and node heartbeats',
    // One row per lease (src/cluster/): who holds it until when. A single embedded node holds them all.
    sql: `
      CREATE TABLE leases (
        name VARCHAR PRIMARY KEY, holder VARCHAR NOT NULL, expires_at TIMESTAMP NOT NULL, acquired_at TIMESTAMP NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'incremental scoring state',
    // The real-time engine's incremental state (src/realtime/incremental-state-store.ts): one row per
    // state unit (user key, group tag, facts waiting) and version, with when it next changes by time
    // alone (epoch ms); the checkpoint says which store row the state includes and its as-of time.
    sql: `
      CREATE TABLE incremental_rows (
        workspace_id VARCHAR NOT NULL, definition_version VARCHAR NOT NULL, unit_id VARCHAR NOT NULL,
        state VARCHAR NOT NULL, next_change_at BIGINT,
        PRIMARY KEY (workspace_id, definition_version, unit_id)
      );
      CREATE TABLE incremental_checkpoints (
        workspace_id VARCHAR NOT NULL, definition_version VARCHAR NOT NULL,
        through_seq BIGINT NOT NULL, horizon BIGINT,
        PRIMARY KEY (workspace_id, definition_version)
      );
    `,
  },
  {
    version: 11,
    name: 'incremental state format',
    // The layout the units were saved in (STATE_FORMAT, src/realtime/incremental-state-store.ts):
    // state of an older layout reads as none and is rebuilt from the events. Rows so far are format 1.
    sql: 'ALTER TABLE incremental_checkpoints ADD COLUMN state_format INTEGER DEFAULT 1;',
  },
  {
    version: 12,
    name: 'the incremental state moves to a database of its own',
    // state-database.ts: its checkpoints held every other commit of the store. The state saved so
    // far is dropped, not copied (one transaction writes one database): the engine rebuilds it from
    // the events once, in chunks, as after any change of layout.
    sql: 'DROP TABLE incremental_rows; DROP TABLE incremental_checkpoints;',
  },
  {
    version: 13,
    name: 'the real-time tables move to a database of their own',
    // realtime-database.ts: the store's checkpoints held the passes' commits. Copied first, in the
    // real-time database's own transaction (one transaction writes one database), then dropped here.
    before: copyRealtimeTables,
    sql: DROP_STORE_COPIES,
  },
];

/**
 * Brings the store's schema up to date with the real-time database attached (`files`, in memory by
 * default), then attaches the real-time state's and lets `conn` see every attached table without
 * its catalog (attached-databases.ts). Migrations run before that, so their plain names mean the
 * store's own tables.
 */
export async function migrate(conn: DuckDBConnection, files: AttachedFiles = IN_MEMORY): Promise<number> {
  await conn.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
  );
  await attach(conn, files.realtime, REALTIME_CATALOG);
  // Each migration is applied unless recorded, whatever its neighbours: a version merged later than
  // a higher one is still applied.
  const applied = await conn.runAndReadAll('SELECT version FROM schema_migrations');
  const done = new Set(applied.getRows().map(([version]) => Number(version)));
  let ran = 0;
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    ran++;
    await migration.before?.(conn);
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
  // Schema changes go to the database file at once: DuckDB fails to replay an `ALTER TABLE … ADD
  // COLUMN` from the WAL after a crash ("GetDefaultDatabase with no default database set").
  if (ran > 0) await conn.run('CHECKPOINT');
  if (!(await hasRealtimeTables(conn))) throw new RealtimeDatabaseMissingError(files.realtime);
  await attachStateDatabase(conn, files.state);
  await searchAttachedDatabases(conn);
  return MIGRATIONS.at(-1)?.version ?? 0;
}

/** The store moved its real-time tables out (migration 13), and their file is not there. */
export class RealtimeDatabaseMissingError extends UserError {
  constructor(file: string) {
    super(
      `${file} is missing or empty: it holds the qualifications, leads and deliveries of the store beside it. ` +
        'Put it back from the backup of this data directory, or move the whole directory aside to start afresh.',
      2,
    );
    this.name = 'RealtimeDatabaseMissingError';
  }
}
