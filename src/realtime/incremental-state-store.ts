/**
 * Where the real-time engine keeps the incremental scorer's state between runs (issue 16): one row
 * per state unit (a user key, a group tag, the facts still waiting; src/score/incremental/
 * state-units.ts) per workspace and definition version in `incremental_rows`, and in
 * `incremental_checkpoints` the last store row folded in (`through_seq`) and the latest time asked.
 * A pass writes the units it changed and moves the checkpoint in its own transaction, so the state
 * always matches exactly the rows up to `through_seq`; a restart restores it and reads only the rows
 * after. Plain SQL over a `SqlClient`, on either back end.
 *
 * On several nodes (a cluster) every node folds every commit into the same state, and one writer at
 * a time (the leader) saves it: `lockCheckpoint` holds the row for the save, and a node whose last
 * save is not the one stored writes every unit instead of its changes (see README.md).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import type { SavedUnit, StateUnit } from '../score/incremental/state-units.ts';

/**
 * The layout of the saved units (src/score/incremental/state-units.ts). A checkpoint saved under
 * another layout reads as none: the state is rebuilt from the events and replaces it. Raise it
 * whenever a unit's JSON changes shape.
 */
export const STATE_FORMAT = 4;

/**
 * Layouts this code restores: format 3 wrote cells' times as differences (snapshot-times.ts) and
 * marks each such cell, so a format-2 cell (absolute times) still reads as it was saved; format 4
 * writes traits as rows without their owner (state-units.ts `SavedTrait`), and records still read.
 */
const READABLE_FORMATS: ReadonlySet<number> = new Set([2, 3, STATE_FORMAT]);

export interface IncrementalKey {
  readonly workspaceId: string;
  readonly version: string;
}

export interface IncrementalCheckpoint {
  /** The last store row folded into the state. */
  readonly throughSeq: number;
  /** The latest time the state was asked about (epoch ms), null before any. */
  readonly horizon: number | null;
}

/**
 * The saved state is not the one this engine continued from: another process moved the checkpoint
 * (or removed it) since. The pass rolls back; the engine restores the saved state and goes on.
 */
export class StaleStateError extends Error {
  constructor(key: IncrementalKey, expected: number | null, found: number | null) {
    super(
      `incremental state of ${key.workspaceId}/${key.version} was saved through row ${String(found)}, ` +
        `but this engine continued from row ${String(expected)}: it restores the saved state and goes on`,
    );
    this.name = 'StaleStateError';
  }
}

interface CheckpointRow extends SqlRow {
  readonly through_seq: number;
  readonly horizon: number | null;
  readonly state_format: number;
}

function checkpointOf(row: CheckpointRow | undefined): IncrementalCheckpoint | null {
  if (row === undefined || !READABLE_FORMATS.has(Number(row.state_format))) return null;
  return { throughSeq: Number(row.through_seq), horizon: row.horizon === null ? null : Number(row.horizon) };
}

export async function readCheckpoint(
  client: SqlClient,
  key: IncrementalKey,
): Promise<IncrementalCheckpoint | null> {
  const [row] = await client.query<CheckpointRow>(
    `SELECT through_seq, horizon, state_format FROM incremental_checkpoints
     WHERE workspace_id = $1 AND definition_version = $2`,
    [key.workspaceId, key.version],
  );
  return checkpointOf(row);
}

/**
 * The checkpoint, held until the caller's transaction ends where the back end locks rows
 * (PostgreSQL `FOR UPDATE`: two nodes that both believe they lead save one after the other).
 */
export async function lockCheckpoint(
  client: SqlClient,
  key: IncrementalKey,
): Promise<IncrementalCheckpoint | null> {
  const [row] = await client.query<CheckpointRow>(
    `SELECT through_seq, horizon, state_format FROM incremental_checkpoints
     WHERE workspace_id = $1 AND definition_version = $2 ${client.sql.lockRows}`,
    [key.workspaceId, key.version],
  );
  return checkpointOf(row);
}

/** Every saved unit of the version in the workspace. */
export async function loadUnits(client: SqlClient, key: IncrementalKey): Promise<StateUnit[]> {
  const rows = await client.query<{ state: string }>(
    'SELECT state FROM incremental_rows WHERE workspace_id = $1 AND definition_version = $2',
    [key.workspaceId, key.version],
  );
  return rows.map((row) => JSON.parse(row.state) as StateUnit);
}

/** The units whose state changes by time alone at or before `at` (their ids). */
export async function unitsDueBy(client: SqlClient, key: IncrementalKey, at: number): Promise<string[]> {
  const rows = await client.query<{ unit_id: string }>(
    `SELECT unit_id FROM incremental_rows WHERE workspace_id = $1 AND definition_version = $2
       AND next_change_at <= CAST($3 AS BIGINT) ORDER BY unit_id`,
    [key.workspaceId, key.version, Math.round(at)],
  );
  return rows.map((row) => row.unit_id);
}

/** Units to save: all of them, or where to take them a slice at a time (`[]`: no more). */
export type SavedUnits = readonly SavedUnit[] | ((max: number) => readonly SavedUnit[]);

/** Units per staging statement: a rebuild writes every unit. */
const CHUNK = 500;

/**
 * Units taken and turned into JSON between two turns of the event loop. A slice of 500 held the
 * loop for up to 50–60 ms under the goal load (issue 16), and an alert's pass, which waits for the
 * loop between each of its statements, lost that much at each: alerts inside saves were the slow
 * ones. In steps of 50 it is held about a tenth as long at a time.
 */
const STEP = 50;

/**
 * Joins a slice's states into one parameter, split again in SQL: JSON text never holds this
 * character raw (JSON.stringify escapes every control character), and one long string binds at a
 * fraction of the cost of 500 list elements, on the event loop (issue 16).
 */
const STATE_SEPARATOR = String.fromCharCode(30);

/**
 * Saves changed units (returns how many) and moves the checkpoint from `from` (what the engine continued from: null
 * when it rebuilt from the events) to `to`, in the caller's transaction (one is needed: the staging
 * table below belongs to one connection, and a pool hands plain statements any). Throws `StaleStateError`
 * when the checkpoint stored is not `from`. `replace` removes every saved unit first (a rebuild).
 *
 * The units go a slice at a time into a temporary staging table (the slices are taken as the save
 * goes: see `SavedUnits`), then into `incremental_rows` with one upsert. DuckDB pays for an upsert
 * statement by the row groups it touches, not by its rows: a save of 20,000 units as 40 upserts of
 * 500 took about twice the CPU of the same units staged and upserted once (1.0–1.1 s against 0.57 s,
 * 0.35 s of it building the JSON), and a save of upserts of 100 ran out of a 512 MiB limit
 * (measured with a scratch script, issue 16).
 */
export async function saveState(
  client: SqlClient,
  key: IncrementalKey,
  change: {
    readonly from: number | null;
    readonly to: IncrementalCheckpoint;
    readonly units: SavedUnits;
    readonly replace?: boolean;
    /** Awaited before each statement that writes units (a save apart gives way to alerts). */
    readonly pause?: () => Promise<void>;
  },
): Promise<number> {
  const current = await readCheckpoint(client, key);
  if (change.replace !== true && (current?.throughSeq ?? null) !== change.from) {
    throw new StaleStateError(key, change.from, current?.throughSeq ?? null);
  }
  if (change.replace === true) await clearState(client, key);
  const { units } = change;
  let offset = 0;
  const take =
    typeof units === 'function'
      ? units
      : (max: number) => {
          offset += max;
          return units.slice(offset - max, offset);
        };
  // Left over only if a save run outside a transaction failed part-way on this connection.
  await client.run('DROP TABLE IF EXISTS incremental_staging');
  await client.run(
    `CREATE TEMPORARY TABLE incremental_staging (
       unit_id TEXT NOT NULL, state TEXT NOT NULL, next_change_at BIGINT
     )`,
  );
  let saved = 0;
  for (let slice = await stagedSlice(take); slice.ids.length > 0; slice = await stagedSlice(take)) {
    saved += slice.ids.length;
    await change.pause?.();
    await client.run(
      `INSERT INTO incremental_staging (unit_id, state, next_change_at)
       SELECT u.id, u.state, CAST(CASE WHEN u.next = '' THEN NULL ELSE u.next END AS BIGINT)
       FROM (SELECT unnest(CAST($1 AS TEXT[])) AS id, unnest(string_to_array($2, chr(30))) AS state,
         unnest(CAST($3 AS TEXT[])) AS next) AS u`,
      [slice.ids, slice.states.join(STATE_SEPARATOR), slice.next],
    );
  }
  if (saved > 0) {
    await change.pause?.();
    await client.run(
      `INSERT INTO incremental_rows (workspace_id, definition_version, unit_id, state, next_change_at)
       SELECT $1, $2, unit_id, state, next_change_at FROM incremental_staging
       ON CONFLICT (workspace_id, definition_version, unit_id) DO UPDATE SET
         state = excluded.state, next_change_at = excluded.next_change_at`,
      [key.workspaceId, key.version],
    );
  }
  // Dropped, not emptied: DuckDB keeps a temporary table's deleted rows in memory, so a DELETE
  // here kept every save's staged units (≈ 20 MiB a minute under issue 16's goal load) inside
  // DuckDB's memory limit for as long as the server ran (a scratch script: 12 saves of 20,000
  // units, 238 MiB of temporary table after DELETE, none after DROP).
  await client.run('DROP TABLE incremental_staging');
  await client.run(
    `INSERT INTO incremental_checkpoints (workspace_id, definition_version, through_seq, horizon, state_format)
     VALUES ($1, $2, CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS INTEGER))
     ON CONFLICT (workspace_id, definition_version) DO UPDATE SET
       through_seq = excluded.through_seq, horizon = excluded.horizon, state_format = excluded.state_format`,
    [key.workspaceId, key.version, change.to.throughSeq, change.to.horizon, STATE_FORMAT],
  );
  return saved;
}

/** Up to `CHUNK` units as the staging statement binds them, taken `STEP` at a time between turns of the loop. */
async function stagedSlice(
  take: (max: number) => readonly SavedUnit[],
): Promise<{ ids: string[]; states: string[]; next: string[] }> {
  const slice = { ids: [] as string[], states: [] as string[], next: [] as string[] };
  while (slice.ids.length < CHUNK) {
    if (slice.ids.length > 0) await nextTurn();
    const want = Math.min(STEP, CHUNK - slice.ids.length);
    const step = take(want);
    for (const saved of step) {
      slice.ids.push(saved.id);
      slice.states.push(JSON.stringify(saved.unit));
      slice.next.push(saved.nextChangeAt === null ? '' : String(Math.round(saved.nextChangeAt)));
    }
    if (step.length < want) break;
  }
  return slice;
}

/** Forgets the saved state of a version in a workspace (its rows and checkpoint). */
export async function clearState(client: SqlClient, key: IncrementalKey): Promise<void> {
  for (const table of ['incremental_rows', 'incremental_checkpoints']) {
    await client.run(`DELETE FROM ${table} WHERE workspace_id = $1 AND definition_version = $2`, [
      key.workspaceId,
      key.version,
    ]);
  }
}

/**
 * Forgets the saved state of every version of a workspace but `keep` (the live and shadow ones):
 * a retired version's rows are never read again. Returns how many rows went.
 */
export async function clearRetiredVersions(
  client: SqlClient,
  workspaceId: string,
  keep: readonly string[],
): Promise<number> {
  let removed = 0;
  for (const table of ['incremental_rows', 'incremental_checkpoints']) {
    removed += await client.run(
      `DELETE FROM ${table} WHERE workspace_id = $1
         AND NOT (${client.sql.anyOf('definition_version', 2)})`,
      [workspaceId, [...keep]],
    );
  }
  return removed;
}
