/**
 * Where a definition version starts scoring a workspace (migration 5's `definition_start_points`).
 * A start point is written when a version is activated (pending: the engine has not yet recorded
 * its baseline), or by the engine itself the first time it scores a workspace with a version no
 * activation named (the server's file as a fallback, a replay). `through_seq` is the last store row
 * the baseline includes: every row after it is qualified, whenever the engine gets to it, across
 * any crash. Shared by `versions/` (activation) and `realtime/` (baselines).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';

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

const at = (param: string) => `make_timestamp(${param}::BIGINT * 1000)`;

/** The sequence number of the last row committed (nextSeq in duckdb-store.ts reads the same). */
const LAST_SEQ = `greatest((SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(seq), 0) FROM traits),
  (SELECT coalesce(max(seq), 0) FROM outcomes))`;

export async function lastCommittedSeq(conn: DuckDBConnection): Promise<number> {
  const reader = await conn.runAndReadAll(`SELECT ${LAST_SEQ}`);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/**
 * Starts `version` in the workspace now, pending its baseline: the baseline will cover exactly the
 * rows committed before this statement. Replaces an older start point of the same version (a
 * version activated again starts again).
 */
export async function recordPendingStart(conn: DuckDBConnection, key: StartKey, now: number): Promise<void> {
  await conn.run(
    `INSERT OR REPLACE INTO definition_start_points (workspace_id, definition_version, started_at, through_seq,
       baselined_at) SELECT $1, $2, ${at('$3')}, ${LAST_SEQ}, NULL`,
    [key.workspaceId, key.version, now],
  );
}

/** Marks the baseline recorded; call in the transaction that saves the baseline's states. */
export async function recordBaselined(
  conn: DuckDBConnection,
  key: StartKey,
  point: { readonly startedAt: number; readonly throughSeq: number },
  now: number,
): Promise<void> {
  await conn.run(
    `INSERT OR REPLACE INTO definition_start_points (workspace_id, definition_version, started_at, through_seq,
       baselined_at) VALUES ($1, $2, ${at('$3')}, $4, ${at('$5')})`,
    [key.workspaceId, key.version, point.startedAt, point.throughSeq, now],
  );
}

const startRow = z.object({
  started_at: z.union([z.number(), z.bigint()]),
  through_seq: z.union([z.number(), z.bigint()]),
  baselined_at: z.union([z.number(), z.bigint()]).nullable(),
});

/** Null: this version has never started in this workspace. */
export async function readStartPoint(conn: DuckDBConnection, key: StartKey): Promise<StartPoint | null> {
  const reader = await conn.runAndReadAll(
    `SELECT epoch_ms(started_at) AS started_at, through_seq, epoch_ms(baselined_at) AS baselined_at
     FROM definition_start_points WHERE workspace_id = $1 AND definition_version = $2`,
    [key.workspaceId, key.version],
  );
  const [row] = reader.getRowObjectsJS();
  if (row === undefined) return null;
  const parsed = startRow.parse(row);
  return {
    startedAt: Number(parsed.started_at),
    throughSeq: Number(parsed.through_seq),
    baselinedAt: parsed.baselined_at === null ? null : Number(parsed.baselined_at),
  };
}
