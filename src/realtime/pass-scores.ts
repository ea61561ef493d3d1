/**
 * What one way of scoring hands a real-time pass (slice-scoring.ts: the compiled SQL over the
 * touched entities' slice; incremental-scoring.ts: the incremental scorer's state): the exact scores
 * of the entities to compare, as of one time, and what the pass's transaction must do before it
 * commits.
 */
import type { SqlClient } from '../lib/sql-client.ts';
import type { EntityScore } from '../score/entity-score.ts';
import type { EntityDescription } from '../score/incremental/index.ts';
import type { DatasetTables } from '../store/read-dataset.ts';

export type Scoring = 'sql' | 'incremental';

export interface PassScores {
  readonly asOf: number;
  /** Exact scores of the entities this pass compares (others are left out). */
  readonly scores: readonly EntityScore[];
  /** An entity's own ids, as trigger keys (`u:<user key>`, `a:<account id>`). */
  triggerKeys(entityId: string): readonly string[];
  /** Where a receipt reads the entity's rows: the pass's slice, or the store's tables (undefined). */
  readonly receiptTables: DatasetTables | undefined;
  /**
   * Receipts and who the entities are, for all of a pass's qualifications at once, from the scorer's
   * state (incremental scoring); absent: each receipt reads the entity's rows (`receiptTables`).
   */
  readonly describe?: (entityIds: readonly string[]) => ReadonlyMap<string, EntityDescription>;
  /** Inside the pass's transaction, after recording: drop what the pass made, save what it keeps. */
  finish(tx: SqlClient): Promise<void>;
  /** For the pass's debug line. */
  readonly detail: Readonly<Record<string, number | string | boolean>>;
}

/** The trigger keys of an entity, by its type and the user keys it is made of. */
export function triggerKeysOf(
  entity: 'user' | 'account',
  entityId: string,
  userKeys: Iterable<string>,
): string[] {
  const own = entity === 'user' ? `u:${entityId}` : `a:${entityId}`;
  const keys = [own];
  for (const key of userKeys) if (`u:${key}` !== own) keys.push(`u:${key}`);
  return keys;
}
