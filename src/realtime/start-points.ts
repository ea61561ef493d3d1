/**
 * Where a definition version starts scoring a workspace (`definition_start_points`, real time's
 * table). A start point is written when a version is activated (pending: the engine has not yet
 * recorded its baseline), or by the engine itself the first time it scores a workspace with a
 * version no activation named (the server's file as a fallback, a replay). `through_seq` is the last
 * store row the baseline includes: every row after it is qualified, whenever the engine gets to it,
 * across any crash. Plain SQL over a `SqlClient`, on either back end; `versions/` calls
 * `recordPendingStart` in the transaction of an activation.
 */
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';

export interface StartPoint {
  /** Epoch ms: the baseline's as-of time. */
  readonly startedAt: number;
  /** The last store row (events and what they imply share one sequence) the baseline includes. */
  readonly throughSeq: number;
  /** Epoch ms when the engine recorded the baseline; null while it is pending. */
  readonly baselinedAt: number | null;
}

export interface StartKey {
  readonly workspaceId: string;
  readonly version: string;
}

/** The sequence number of the last row committed (events, traits and outcomes share one sequence). */
const LAST_SEQ = `greatest((SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(seq), 0) FROM traits),
  (SELECT coalesce(max(seq), 0) FROM outcomes))`;

export async function lastCommittedSeq(client: SqlClient): Promise<number> {
  const [row] = await client.query<{ last_seq: number }>(`SELECT ${LAST_SEQ} AS last_seq`);
  return Number(row?.last_seq ?? 0);
}

const UPSERT = `ON CONFLICT (workspace_id, definition_version) DO UPDATE SET started_at = excluded.started_at,
  through_seq = excluded.through_seq, baselined_at = excluded.baselined_at`;

/**
 * Starts `version` in the workspace now, pending its baseline: the baseline will cover exactly the
 * rows committed before this statement. Replaces an older start point of the same version (a
 * version activated again starts again).
 */
export async function recordPendingStart(client: SqlClient, key: StartKey, now: number): Promise<void> {
  await client.run(
    `INSERT INTO definition_start_points (workspace_id, definition_version, started_at, through_seq,
       baselined_at) SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), ${client.sql.at(3)}, ${LAST_SEQ},
       CAST(NULL AS TIMESTAMP) ${UPSERT}`,
    [key.workspaceId, key.version, now],
  );
}

/** Marks the baseline recorded; call in the transaction that saves the baseline's states. */
export async function recordBaselined(
  client: SqlClient,
  key: StartKey,
  point: { readonly startedAt: number; readonly throughSeq: number },
  now: number,
): Promise<void> {
  const { sql } = client;
  await client.run(
    `INSERT INTO definition_start_points (workspace_id, definition_version, started_at, through_seq,
       baselined_at) VALUES ($1, $2, ${sql.at(3)}, $4, ${sql.at(5)}) ${UPSERT}`,
    [key.workspaceId, key.version, point.startedAt, point.throughSeq, now],
  );
}

interface StartRow extends SqlRow {
  readonly started_at: number;
  readonly through_seq: number;
  readonly baselined_at: number | null;
}

/** Null: this version has never started in this workspace. */
export async function readStartPoint(client: SqlClient, key: StartKey): Promise<StartPoint | null> {
  const [row] = await client.query<StartRow>(
    `SELECT started_at, through_seq, baselined_at FROM definition_start_points
     WHERE workspace_id = $1 AND definition_version = $2`,
    [key.workspaceId, key.version],
  );
  if (row === undefined) return null;
  return {
    startedAt: Number(row.started_at),
    throughSeq: Number(row.through_seq),
    baselinedAt: row.baselined_at === null ? null : Number(row.baselined_at),
  };
}
