/**
 * Scoring a pass from the incremental scorer's state (the engine's default, `scoring:
 * 'incremental'`; src/score/incremental/). Per workspace and definition version the engine keeps a
 * scorer and the last store row folded into it. A pass reads only the rows stored since
 * (`readDataset` with a `rows` scope), folds them in, and rescores the entities they affected plus
 * those whose `nextChangeAt` has come (windows expiring, recency, seen windows): time-driven changes
 * come from the state's own expiry times, never from rescoring every entity.
 *
 * The state is saved in each pass's transaction (incremental-state-store.ts), so a restart restores
 * it and reads only the rows after its checkpoint; without a checkpoint (first run, or a new
 * version) it is rebuilt from the events. The first pass after either rescores every entity from the
 * state (not from the events), as the SQL engine's first sweep does. A pass that fails forgets the
 * scorer: the next one restores what the last committed pass saved.
 *
 * On several nodes (a cluster) every node keeps the whole workspace's state in memory and does not
 * save it: the checkpoint is one per workspace and version, and nodes would overwrite each other.
 */

import type { DefinitionIR } from '../definition/ir.ts';
import type { Logger } from '../lib/logger.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EvaluationOptions, StoredEvent } from '../model/dataset.ts';
import { factsOf, IncrementalScorer } from '../score/incremental/index.ts';
import { readDataset } from '../store/read-dataset.ts';
import { type IncrementalKey, loadUnits, readCheckpoint, saveState } from './incremental-state-store.ts';
import { type PassScores, triggerKeysOf } from './pass-scores.ts';
import { lastCommittedSeq } from './start-points.ts';

/** Store sequence numbers read per query (a rebuild reads history range by range). */
const READ_RANGE = 200_000;

export interface IncrementalStats {
  /** Scorers restored from a saved checkpoint (no rescan). */
  restored: number;
  /** Scorers rebuilt from the events (no checkpoint of their version). */
  rebuilt: number;
  /** Store rows (events, links, memberships, traits) folded in, rebuilds included. */
  rowsRead: number;
}

interface ScorerState {
  scorer: IncrementalScorer;
  /** The last store row folded in. */
  throughSeq: number;
  /** The checkpoint saved for this state: where the next save continues from (null: none yet). */
  savedThrough: number | null;
  /** Rebuilt and not saved yet: the first save replaces every unit. */
  replace: boolean;
  /** Restored or rebuilt: the next pass rescores every entity. */
  scoreAll: boolean;
  /** entity → when it can next change by time alone. */
  readonly due: Map<string, number>;
}

export interface IncrementalScoringOptions {
  readonly evaluation: EvaluationOptions;
  readonly log: Logger;
  readonly now: () => number;
  /** Save the state in each pass (false on a cluster node). */
  readonly persist: boolean;
}

export class IncrementalScoring {
  readonly stats: IncrementalStats = { restored: 0, rebuilt: 0, rowsRead: 0 };
  private readonly states = new Map<string, ScorerState>();

  constructor(private readonly options: IncrementalScoringOptions) {}

  /** One pass for a workspace and version, in the pass's transaction. */
  async score(tx: SqlClient, key: IncrementalKey, ir: DefinitionIR): Promise<PassScores> {
    const started = performance.now();
    const state = await this.stateFor(tx, key, ir);
    const through = await lastCommittedSeq(tx);
    let rows = 0;
    /** The events of the last range read: where a qualification's trigger event is found. */
    let recent: readonly StoredEvent[] = [];
    // A rebuild reads history in ranges, so only one range of rows is held at a time.
    while (through > state.throughSeq) {
      const next = Math.min(through, state.throughSeq + READ_RANGE);
      const data = await readDataset(tx, key.workspaceId, {
        kind: 'rows',
        afterSeq: state.throughSeq,
        throughSeq: next,
      });
      recent = data.events;
      const facts = factsOf(data);
      for (const fact of facts) state.scorer.add(fact);
      rows += facts.length;
      this.stats.rowsRead += facts.length;
      state.throughSeq = next;
    }
    const readMs = Math.round(performance.now() - started);
    const { scorer } = state;
    // A clock that stepped back must not ask the state about a time before one it answered.
    const asOf = Math.max(this.options.now(), scorer.horizonAt);
    scorer.advance(asOf);
    const affected = scorer.takeAffected();
    const ids = new Set(state.scoreAll ? scorer.entityIds() : affected);
    for (const [id, at] of state.due) if (at <= asOf) ids.add(id);
    const scored = scorer.scoreEntities(ids, asOf);
    // Entities that no longer exist (linked into another user) have nothing left to wait for.
    for (const id of ids) state.due.delete(id);
    for (const { score, nextChangeAt } of scored) {
      if (nextChangeAt !== null) state.due.set(score.entityId, nextChangeAt);
    }
    const scoreMs = Math.round(performance.now() - started) - readMs;
    const scoredAll = state.scoreAll;
    state.scoreAll = false;
    return {
      asOf,
      scores: scored.map((entry) => entry.score),
      triggerKeys: (entityId) => triggerKeysOf(ir.entity, entityId, scorer.userKeysOf(entityId)),
      receiptTables: undefined,
      // State saved before receipts came from it: they read the store until a rebuild.
      ...(scorer.explainsFromState
        ? { describe: (entityIds: readonly string[]) => scorer.describe(entityIds, asOf, recent) }
        : {}),
      finish: async (client) => {
        if (!this.options.persist) return;
        const units = state.replace ? scorer.allUnits() : scorer.takeChangedUnits();
        if (!state.replace && units.length === 0 && state.savedThrough === state.throughSeq) return;
        await saveState(client, key, {
          from: state.savedThrough,
          to: { throughSeq: state.throughSeq, horizon: scorer.horizonAt },
          units,
          replace: state.replace,
        });
        state.savedThrough = state.throughSeq;
        state.replace = false;
      },
      detail: { rowsRead: rows, scored: scored.length, scoredAll, readMs, scoreMs },
    };
  }

  /** Forget a version's scorer (a failed pass, a version started again): the next pass restores it. */
  forget(key: IncrementalKey): void {
    this.states.delete(stateKey(key));
  }

  forgetWorkspace(workspaceId: string): void {
    for (const id of this.states.keys()) if (id.startsWith(`${workspaceId}\u0000`)) this.states.delete(id);
  }

  /** Every scorer rescores all its entities in its next pass (this node took over entities). */
  rescoreAll(): void {
    for (const state of this.states.values()) state.scoreAll = true;
  }

  private async stateFor(tx: SqlClient, key: IncrementalKey, ir: DefinitionIR): Promise<ScorerState> {
    const id = stateKey(key);
    const known = this.states.get(id);
    if (known !== undefined) return known;
    const checkpoint = this.options.persist ? await readCheckpoint(tx, key) : null;
    let state: ScorerState;
    if (checkpoint !== null) {
      const scorer = IncrementalScorer.restore(ir, this.options.evaluation, {
        horizon: checkpoint.horizon ?? Number.NEGATIVE_INFINITY,
        units: await loadUnits(tx, key),
      });
      state = fresh(scorer, checkpoint.throughSeq, checkpoint.throughSeq, false);
      this.stats.restored++;
    } else {
      // Rebuilt from every stored row by the first pass (its read starts after row 0).
      state = fresh(new IncrementalScorer(ir, this.options.evaluation), 0, null, this.options.persist);
      this.stats.rebuilt++;
    }
    this.options.log.info(
      checkpoint === null
        ? 'incremental scoring rebuilds its state from the stored events'
        : 'incremental scoring restored its saved state',
      { workspace: key.workspaceId, definition: key.version, throughSeq: state.throughSeq },
    );
    this.states.set(id, state);
    return state;
  }
}

function fresh(
  scorer: IncrementalScorer,
  throughSeq: number,
  savedThrough: number | null,
  replace: boolean,
): ScorerState {
  return { scorer, throughSeq, savedThrough, replace, scoreAll: true, due: new Map() };
}

const stateKey = (key: IncrementalKey) => `${key.workspaceId}\u0000${key.version}`;
