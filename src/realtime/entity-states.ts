/**
 * The engine's memory of each entity's last score and tier per (workspace, definition version),
 * mirrored in the `entity_states` table so a restart compares against what was last recorded and
 * notices crossings that happened while it was down.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
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

const CHUNK = 500;

/** Upserts the given states; call inside the caller's transaction. */
export async function saveStates(
  conn: DuckDBConnection,
  key: { readonly workspaceId: string; readonly version: string; readonly entityType: string },
  asOf: number,
  states: ReadonlyMap<string, EntityState>,
): Promise<void> {
  const entries = [...states];
  for (let start = 0; start < entries.length; start += CHUNK) {
    const params: DuckDBValue[] = [key.workspaceId, key.version, key.entityType, asOf];
    const rows = entries.slice(start, start + CHUNK).map(([id, s]) => {
      const at = params.length;
      params.push(id, s.score, s.tier, s.handRaiser, s.gatesPass, s.tierSince);
      return `($1, $2, $3, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, ${tsFromMs('$4')}, ${tsFromMs(`$${at + 6}`)})`;
    });
    await conn.run(
      `INSERT OR REPLACE INTO entity_states (workspace_id, definition_version, entity_type, entity_id, score, tier,
         hand_raiser, gates_pass, as_of, tier_since) VALUES ${rows.join(', ')}`,
      params,
    );
  }
}
