/**
 * The engine's memory of each entity's last score and tier per (workspace, definition version),
 * mirrored in the `entity_states` table so a restart compares against what was last recorded and
 * notices crossings that happened while it was down.
 */
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { EntityScore } from '../score/entity-score.ts';
import { tsFromMs } from './sql-values.ts';

export interface EntityState {
  readonly score: number;
  readonly tier: string | null;
  readonly handRaiser: boolean;
  readonly gatesPass: boolean;
  /** Epoch ms since when the entity has held this tier. */
  readonly tierSince: number;
}

export type StateMap = Map<string, EntityState>;

export function stateOf(score: EntityScore, previous: EntityState | undefined): EntityState {
  const sameTier = previous !== undefined && previous.tier === score.tier;
  return {
    score: score.score,
    tier: score.tier,
    handRaiser: score.handRaiser,
    gatesPass: Object.values(score.gates).every(Boolean),
    tierSince: sameTier ? previous.tierSince : score.asOf,
  };
}

export function sameState(a: EntityState | undefined, b: EntityState): boolean {
  return (
    a !== undefined &&
    a.score === b.score &&
    a.tier === b.tier &&
    a.handRaiser === b.handRaiser &&
    a.gatesPass === b.gatesPass
  );
}

/** null when nothing is recorded for this version in this workspace. */
export async function loadStates(
  conn: DuckDBConnection,
  workspaceId: string,
  version: string,
): Promise<StateMap | null> {
  const reader = await conn.runAndReadAll(
    `SELECT entity_id, score, tier, hand_raiser, gates_pass, epoch_ms(tier_since) FROM entity_states
     WHERE workspace_id = $1 AND definition_version = $2`,
    [workspaceId, version],
  );
  const rows = reader.getRows();
  if (rows.length === 0) return null;
  const states: StateMap = new Map();
  for (const [id, score, tier, handRaiser, gatesPass, since] of rows) {
    states.set(String(id), {
      score: Number(score),
      tier: tier === null ? null : String(tier),
      handRaiser: handRaiser === true,
      gatesPass: gatesPass === true,
      tierSince: Number(since),
    });
  }
  return states;
}

/**
 * Upserts the given states; call inside the caller's transaction. The rows travel as one typed list
 * per column, unnested in a single statement: a pass over thousands of busy users writes as many
 * states, and parameter-per-value VALUES statements took about ten times longer.
 */
export async function saveStates(
  conn: DuckDBConnection,
  key: { readonly workspaceId: string; readonly version: string; readonly entityType: string },
  asOf: number,
  states: ReadonlyMap<string, EntityState>,
): Promise<void> {
  if (states.size === 0) return;
  const entries = [...states];
  const column = <T extends DuckDBValue>(pick: (s: EntityState) => T) =>
    listValue(entries.map(([, s]) => pick(s)));
  await conn.run(
    `INSERT OR REPLACE INTO entity_states (workspace_id, definition_version, entity_type, entity_id, score, tier,
       hand_raiser, gates_pass, as_of, tier_since)
     SELECT $1, $2, $3, unnest($5), unnest($6), unnest($7), unnest($8), unnest($9), ${tsFromMs('$4')},
       make_timestamp(unnest($10) * 1000)`,
    [
      key.workspaceId,
      key.version,
      key.entityType,
      BigInt(Math.round(asOf)),
      listValue(entries.map(([id]) => id)),
      column((s) => s.score),
      column((s) => s.tier),
      column((s) => s.handRaiser),
      column((s) => s.gatesPass),
      column((s) => BigInt(Math.round(s.tierSince))),
    ],
    [
      VARCHAR,
      VARCHAR,
      VARCHAR,
      BIGINT,
      LIST(VARCHAR),
      LIST(DOUBLE),
      LIST(VARCHAR),
      LIST(BOOLEAN),
      LIST(BOOLEAN),
      LIST(BIGINT),
    ],
  );
}
