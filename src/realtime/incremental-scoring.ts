/**
 * Scoring a pass from the incremental scorer's state (the engine's default, `scoring:
 * 'incremental'`; src/score/incremental/). Per workspace and definition version the engine keeps a
 * scorer and the last store row folded into it. A pass reads only the rows stored since
 * (`readDataset` with a `rows` scope), folds them in, and rescores the entities they affected plus
 * those whose `nextChangeAt` has come (windows expiring, recency, seen windows): time-driven changes
 * come from the state's own expiry times, never from rescoring every entity, and `nextDueAt` tells
 * the engine when to run the next such pass.
 *
 * The state is saved every `SAVE_EVERY_MS` at most (incremental-state-store.ts): a pass begins a
 * save of the units changed since the last one, and they are copied and written a slice at a time
 * on a session of their own beside the next passes; stopping saves the rest. A restart restores the last save and reads only the rows after
 * its checkpoint; without a checkpoint (first run, a new version, state of an older layout) the
 * state is rebuilt from the events. A pass folds at most `chunkRows` of the workspace's events: a
 * rebuild (or a long way behind) takes several passes, saved as it goes, and scores nothing until
 * it has caught up, so other workspaces and versions keep their passes in between. Caught up, a
 * single node first saves what the catch-up changed and alerts once that is written (`settled`).
 * The first pass that scores rescores every entity from the state (not from the events), as the SQL
 * engine's first sweep does. A pass or a save that fails forgets the scorer: the next pass restores
 * the last save.
 *
 * On several nodes (a cluster) every node folds every commit into the whole workspace's state (it
 * hears all commits anyway, and an entity's score needs the keys of every partition its identity
 * spans), and one node at a time saves it: the leader. A node that starts or restarts restores the
 * leader's checkpoint; a node taking partitions over already holds their state. See README.md.
 */

import type { DefinitionIR } from '../definition/ir.ts';
import { databaseErrorFields } from '../lib/database-errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { SqlClient, SqlSession } from '../lib/sql-client.ts';
import type { Dataset, EvaluationOptions, StoredEvent } from '../model/dataset.ts';
import { factsOf, IncrementalScorer } from '../score/incremental/index.ts';
import { readDataset } from '../store/read-dataset.ts';
import type { CommittedWrite, SeqRange } from './commit-source.ts';
import { DueTimes } from './due-times.ts';
import { HeardRows } from './heard-rows.ts';
import {
  clearRetiredVersions,
  type IncrementalCheckpoint,
  type IncrementalKey,
  loadUnits,
  lockCheckpoint,
  readCheckpoint,
  type SavedUnits,
  saveState,
} from './incremental-state-store.ts';
import { type PassScores, triggerKeysOf } from './pass-scores.ts';
import { lastCommittedSeq } from './start-points.ts';

/** A workspace's events folded in per pass at most: a rebuild reads history chunk by chunk, pass by pass. */
export const CHUNK_ROWS = 50_000;

/**
 * How often the state is saved, at most (the process's monotonic clock): a pass begins a save of
 * the units changed since the last one once this long has passed, and they are written beside the next
 * passes (on their own session); stopping saves the rest. A unit changed by many passes in between
 * is written once: at 5,000 events/s over 20,000 active users a save writes ≈ 20,000 units and
 * takes 2–5 s of background work on a 2-core machine, whatever the interval, so a longer interval
 * means less of it. Alerts inside a save are the slow ones (issue 16): in three-minute goal runs at
 * 10 M stored events, a minute apart gave p99 262 ms and 3 alerts over 250 ms, 30 s apart 379–555
 * ms and 8–14 (session 13). A crash loses nothing: the next start restores the last save and
 * folds in the rows after it (at most this long of them: 300,000 at 5,000 events/s, ≈ 6 s).
 */
export const SAVE_EVERY_MS = 60_000;

export interface IncrementalStats {
  /** Scorers restored from a saved checkpoint (no rescan). */
  restored: number;
  /** Scorers rebuilt from the events (no checkpoint of their version). */
  rebuilt: number;
  /** Store rows (events, links, memberships, traits) folded in, rebuilds included. */
  rowsRead: number;
  /** Of those, rows taken from what commits told this process instead of read from the store. */
  rowsHeard: number;
  /** Passes that folded rows in and scored nothing, because their state had not caught up yet. */
  catchUpPasses: number;
  /** Passes that asked the store for its last sequence number (the others knew it from the writer). */
  seqQueries: number;
}

/** Stats before any pass (and of an engine without incremental scoring). */
export const noIncrementalStats = (): IncrementalStats => ({
  restored: 0,
  rebuilt: 0,
  rowsRead: 0,
  rowsHeard: 0,
  catchUpPasses: 0,
  seqQueries: 0,
});

interface ScorerState {
  readonly key: IncrementalKey;
  scorer: IncrementalScorer;
  /** The last store row folded in. */
  throughSeq: number;
  /** The checkpoint this node last saved or restored: where its next save continues from. */
  saved: IncrementalCheckpoint | null;
  /** Rebuilt and not saved yet: the first save replaces every unit. */
  replace: boolean;
  /** Restored or rebuilt: the next pass that has caught up rescores every entity. */
  scoreAll: boolean;
  /** When this node last started saving it (`performance.now()`), −∞ before its first save. */
  savedAt: number;
  /** Passes so far that ended still behind the store (0 once caught up, and saved: `settle`). */
  behindPasses: number;
  /** Caught up, saves apart: the save of what the catch-up changed has been begun. */
  settleBegun: boolean;
  /** Caught up, and waiting for that save (or one begun before it) to be written. */
  settling: boolean;
  /** entity → when it can next change by time alone. */
  readonly due: DueTimes;
  /** The earliest of `due` (null: none). */
  nextDue: number | null;
}

/** Who saves the state: this process alone, or the one node of a cluster that leads now. */
export type StateSaving = { readonly kind: 'solo' } | { readonly kind: 'shared'; leads(): boolean };

export interface IncrementalScoringOptions {
  readonly evaluation: EvaluationOptions;
  readonly log: Logger;
  readonly now: () => number;
  readonly saving: StateSaving;
  /** A workspace's events folded in per pass at most (default `CHUNK_ROWS`). */
  readonly chunkRows?: number;
  /** Save the state at most this often (default `SAVE_EVERY_MS`, a minute; 0: every pass). */
  readonly saveEveryMs?: number;
  /**
   * A session of its own for saves (solo): a pass then only takes the changed units, and their
   * write runs beside the next passes instead of inside one. Absent: saves run in the pass.
   */
  readonly openSession?: () => Promise<SqlSession>;
  /** Asks the engine for a pass: a state that caught up and waited for its save may score now. */
  readonly wake?: () => void;
  /**
   * Resolves when no alert is being recorded: a save apart waits for it before each statement that
   * writes units, so an alert's pass shares the machine with at most one of them.
   */
  readonly alertsFirst?: () => Promise<void>;
  /**
   * The store's last committed sequence number, when this process is its only writer and has been
   * told every commit (the embedded store): a pass whose new rows were all heard then asks the
   * database nothing. Absent: each pass asks (`lastCommittedSeq`).
   */
  readonly committedSeq?: () => number;
}

export class IncrementalScoring {
  readonly stats: IncrementalStats = noIncrementalStats();
  private readonly states = new Map<string, ScorerState>();
  /** What commits told this process, so a pass need not read its new rows back. */
  private readonly heard = new HeardRows();
  /** Saves being written apart, by state: a state restored again waits for its predecessor's. */
  private readonly writes = new Map<string, Promise<void>>();
  private saveSession: Promise<SqlSession> | null = null;

  constructor(private readonly options: IncrementalScoringOptions) {}

  /** One pass for a workspace and version, in the pass's transaction. */
  async score(tx: SqlClient, key: IncrementalKey, ir: DefinitionIR): Promise<PassScores> {
    const started = performance.now();
    const state = await this.stateFor(tx, key, ir);
    const { through, next, heard } = await this.newRows(tx, key.workspaceId, state.throughSeq);
    // Facts dated after the horizon wait whole (every event object) until it moves: moved to now
    // first, a rebuild's first chunk folds into the bounded state instead of waiting as pending
    // facts (issue 16: read in one go, 10 M events held that way took the server past 4.8 GiB).
    state.scorer.advance(Math.max(this.options.now(), state.scorer.horizonAt));
    let rows = 0;
    /** The events read by this pass: where a qualification's trigger event is found. */
    let recent: readonly StoredEvent[] = [];
    if (next > state.throughSeq) {
      const data =
        heard ??
        (await readDataset(tx, key.workspaceId, {
          kind: 'rows',
          afterSeq: state.throughSeq,
          throughSeq: next,
        }));
      recent = data.events;
      const facts = factsOf(data);
      for (const fact of facts) state.scorer.add(fact);
      rows = facts.length;
      this.stats.rowsRead += facts.length;
      if (heard !== null) this.stats.rowsHeard += facts.length;
      state.throughSeq = next;
    }
    const readMs = Math.round(performance.now() - started);
    const { scorer } = state;
    // A clock that stepped back must not ask the state about a time before one it answered.
    const asOf = Math.max(this.options.now(), scorer.horizonAt);
    scorer.advance(asOf);
    const pass = {
      asOf,
      triggerKeys: (entityId: string) => triggerKeysOf(ir.entity, entityId, scorer.userKeysOf(entityId)),
      receiptTables: undefined,
      finish: (client: SqlClient) => this.save(client, state),
      describe: (entityIds: readonly string[]) => scorer.describe(entityIds, asOf, recent),
    };
    if (state.throughSeq < through) {
      // Not caught up: nothing is scored (nor alerted) until the state covers every stored row.
      state.behindPasses++;
      state.settleBegun = false;
      this.stats.catchUpPasses++;
      this.options.log.info('incremental scoring catches up with the stored rows; alerts wait', {
        workspace: key.workspaceId,
        definition: key.version,
        throughSeq: state.throughSeq,
        of: through,
      });
      return {
        ...pass,
        scores: [],
        detail: { rowsRead: rows, scored: 0, behind: through - state.throughSeq },
      };
    }
    if (state.behindPasses > 0 && !this.settled(state)) {
      return { ...pass, scores: [], detail: { rowsRead: rows, scored: 0, settling: true } };
    }
    if (state.behindPasses > 0) {
      this.options.log.info('incremental scoring caught up; alerts of this version start now', {
        workspace: key.workspaceId,
        definition: key.version,
        throughSeq: state.throughSeq,
        passes: state.behindPasses + 1,
      });
      state.behindPasses = 0;
    }
    const affected = scorer.takeAffected();
    const ids = new Set(state.scoreAll ? scorer.entityIds() : affected);
    for (const id of state.due.takeDue(asOf)) ids.add(id);
    const scored = scorer.scoreEntities(ids, asOf);
    // Entities that no longer exist (linked into another user) have nothing left to wait for.
    for (const id of ids) state.due.delete(id);
    for (const { score, nextChangeAt } of scored) {
      if (nextChangeAt !== null) state.due.set(score.entityId, nextChangeAt);
    }
    state.nextDue = state.due.next();
    const scoreMs = Math.round(performance.now() - started) - readMs;
    const scoredAll = state.scoreAll;
    state.scoreAll = false;
    return {
      ...pass,
      scores: scored.map((entry) => entry.score),
      detail: { rowsRead: rows, heard: heard !== null, scored: scored.length, scoredAll, readMs, scoreMs },
    };
  }

  /**
   * The store's last row (`through`), where this pass's read ends (`next`), and the rows in
   * between when commits told them all (else null: they are read from the store). When the writer
   * says where the store ends and every row since the state's was heard, the database is not
   * asked: at 5,000 events a second on a 10 M-event store that query was a third of a pass
   * (issue 16). Otherwise the pass's transaction says, so a read never runs past what it can see.
   */
  private async newRows(
    tx: SqlClient,
    workspaceId: string,
    afterSeq: number,
  ): Promise<{ readonly through: number; readonly next: number; readonly heard: Dataset | null }> {
    const told = this.options.committedSeq?.();
    if (told === afterSeq) return { through: told, next: told, heard: null };
    if (told !== undefined && told - afterSeq <= (this.options.chunkRows ?? CHUNK_ROWS)) {
      const heard = this.heard.take(workspaceId, afterSeq, told);
      if (heard !== null) return { through: told, next: told, heard };
    }
    this.stats.seqQueries++;
    const through = await lastCommittedSeq(tx);
    const next = await this.chunkEnd(tx, workspaceId, afterSeq, through);
    return { through, next, heard: next > afterSeq ? this.heard.take(workspaceId, afterSeq, next) : null };
  }

  /**
   * Where this pass's read ends: `through`, or before the workspace's event that would exceed
   * `chunkRows` (other workspaces' rows in between cost nothing, so a small workspace is not held
   * back by a large one's import).
   */
  private async chunkEnd(
    tx: SqlClient,
    workspaceId: string,
    afterSeq: number,
    through: number,
  ): Promise<number> {
    const chunk = this.options.chunkRows ?? CHUNK_ROWS;
    if (through - afterSeq <= chunk) return through;
    const [row] = await tx.query<{ seq: number }>(
      `SELECT seq FROM events WHERE workspace_id = $1 AND seq > CAST($2 AS BIGINT) AND seq <= CAST($3 AS BIGINT)
       ORDER BY seq LIMIT 1 OFFSET ${String(Math.floor(chunk))}`,
      [workspaceId, afterSeq, through],
    );
    return row === undefined ? through : Number(row.seq) - 1;
  }

  /** A commit's writes (commit-source.ts): passes take their new rows from them when `range` says they are whole. */
  hear(writes: readonly CommittedWrite[], range: SeqRange | undefined): void {
    this.heard.hear(writes, range);
    let folded = Number.POSITIVE_INFINITY;
    for (const state of this.states.values()) folded = Math.min(folded, state.throughSeq);
    if (Number.isFinite(folded)) this.heard.dropThrough(folded);
  }

  /**
   * Some state has not caught up with the store yet, or has and its save is written: the engine
   * runs another pass at once. A state waiting for its save gets its pass when the save ends (`wake`).
   */
  catchingUp(): boolean {
    for (const state of this.states.values()) {
      if (state.behindPasses > 0 && !(state.settling && this.writes.has(stateKey(state.key)))) return true;
    }
    return false;
  }

  /**
   * Whether a state that has just caught up may score. With saves apart (solo), it first saves what
   * the catch-up changed, scoring nothing meanwhile: after a restart or a rebuild that save holds
   * tens of thousands of units (≈ 40,000–55,000 after a 10 M-event rebuild, 4–14 s to write), and
   * written beside the first live passes it was the slowest alerts of issue 16's goal run. Alerts
   * wait those seconds instead; what arrives meanwhile is folded in and scored when it ends.
   */
  private settled(state: ScorerState): boolean {
    const apart = this.options.saving.kind === 'solo' && this.options.openSession !== undefined;
    if (!apart) return true;
    const id = stateKey(state.key);
    if (!state.settleBegun && !this.writes.has(id)) {
      state.settleBegun = true;
      this.saveApart(state);
      if (this.writes.has(id)) {
        this.options.log.info('incremental scoring caught up; saving its state before alerts start', {
          workspace: state.key.workspaceId,
          definition: state.key.version,
          throughSeq: state.throughSeq,
        });
      }
    }
    state.settling = this.writes.has(id);
    return !state.settling;
  }

  /** The workspaces a pass is owed without any commit: a state catching up, or entities due by `at`. */
  workspacesToPass(at: number): string[] {
    const ids = new Set<string>();
    for (const state of this.states.values()) {
      if (state.behindPasses > 0 || (state.nextDue !== null && state.nextDue <= at)) {
        ids.add(state.key.workspaceId);
      }
    }
    return [...ids];
  }

  /** When the next entity can change by time alone, over every state (null: none waits). */
  nextDueAt(): number | null {
    return earliest([...this.states.values()].flatMap((state) => state.nextDue ?? []));
  }

  /** Forget a version's scorer (a failed pass, a version started again): the next pass restores it. */
  forget(key: IncrementalKey): void {
    this.states.delete(stateKey(key));
  }

  forgetWorkspace(workspaceId: string): void {
    for (const id of this.states.keys()) if (id.startsWith(`${workspaceId}\u0000`)) this.states.delete(id);
  }

  /** Keeps only these versions' scorers of the workspace (the others no longer score it). */
  keepOnly(workspaceId: string, versions: readonly string[]): void {
    for (const [id, state] of this.states) {
      if (state.key.workspaceId === workspaceId && !versions.includes(state.key.version))
        this.states.delete(id);
    }
  }

  /**
   * Deletes the saved state of the workspace's versions other than `versions` (live and shadow),
   * where this node saves state (alone, or as the leader).
   */
  async retire(client: SqlClient, workspaceId: string, versions: readonly string[]): Promise<void> {
    if (!this.saves()) return;
    const removed = await clearRetiredVersions(client, workspaceId, versions);
    if (removed > 0) {
      this.options.log.info('deleted the incremental state of retired definition versions', {
        workspace: workspaceId,
        rows: removed,
      });
    }
  }

  /** Every scorer rescores all its entities in its next pass (this node took over entities). */
  rescoreAll(): void {
    for (const state of this.states.values()) state.scoreAll = true;
  }

  private saves(): boolean {
    const { saving } = this.options;
    return saving.kind === 'solo' || saving.leads();
  }

  /** Saves every state's changes not saved yet (the engine stops), in the caller's transaction. */
  async flush(client: SqlClient): Promise<void> {
    await this.written();
    for (const state of this.states.values()) await this.save(client, state, true);
  }

  /** Resolves when the saves being written apart have ended. */
  async written(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /** Closes the saving session (after `flush`). */
  async close(): Promise<void> {
    await this.written();
    const session = this.saveSession;
    this.saveSession = null;
    await (await session)?.close();
  }

  /**
   * Saves what passes changed since the last save, in this pass's transaction, once `saveEveryMs`
   * has passed since it (at once after a rebuild, or when `now`). See the file's comment for who saves.
   */
  private async save(client: SqlClient, state: ScorerState, now = false): Promise<void> {
    const every = this.options.saveEveryMs ?? SAVE_EVERY_MS;
    if (!now && !state.replace && performance.now() - state.savedAt < every) return;
    const { scorer, key } = state;
    const to = { throughSeq: state.throughSeq, horizon: scorer.horizonAt };
    if (this.options.saving.kind === 'solo' && this.options.openSession !== undefined && !now) {
      this.saveApart(state);
      return;
    }
    if (this.options.saving.kind === 'solo') {
      if (!state.replace && scorer.changedUnits === 0 && state.saved?.throughSeq === state.throughSeq) return;
      await saveState(client, key, {
        from: state.saved?.throughSeq ?? null,
        to,
        units: inSlices(scorer, state.replace ? 'all' : 'changed'),
        replace: state.replace,
      });
    } else {
      if (!this.saves()) {
        // Another node saves. The changed units' ids stay marked (at most one per unit); if this
        // node leads later its first save writes every unit anyway.
        state.saved = null;
        return;
      }
      const stored = await lockCheckpoint(client, key);
      // A node that led meanwhile saved further: its checkpoint stands; this node's next save replaces it.
      if (stored !== null && stored.throughSeq > state.throughSeq) return;
      const continues = stored !== null && state.saved !== null && sameCheckpoint(stored, state.saved);
      if (continues && scorer.changedUnits === 0 && stored.throughSeq === state.throughSeq) return;
      const units = inSlices(scorer, continues ? 'changed' : 'all');
      await saveState(client, key, { from: stored?.throughSeq ?? null, to, units, replace: !continues });
    }
    state.saved = to;
    state.replace = false;
    state.savedAt = performance.now();
  }

  /**
   * Begins a save of the units changed since the last one, as they are now, and writes them on the
   * saving session while passes go on, copying each slice just before its statement (the scorer
   * copies a unit that a pass changes before the save took it: `beginSave`). A failed write
   * forgets the scorer: the next pass restores the last save and folds the rows after it in again.
   */
  private saveApart(state: ScorerState): void {
    const id = stateKey(state.key);
    // One save at a time per version: the next pass due takes what changed meanwhile.
    if (this.writes.has(id)) return;
    const { scorer, key } = state;
    if (!state.replace && scorer.changedUnits === 0 && state.saved?.throughSeq === state.throughSeq) return;
    // A rebuilt state writes every unit, the others what changed.
    const units = inSlices(scorer, state.replace ? 'all' : 'changed');
    const to = { throughSeq: state.throughSeq, horizon: scorer.horizonAt };
    const { alertsFirst } = this.options;
    const change = {
      from: state.saved?.throughSeq ?? null,
      to,
      units,
      replace: state.replace,
      ...(alertsFirst === undefined ? {} : { pause: alertsFirst }),
    };
    const open = this.options.openSession;
    if (open === undefined) throw new Error('bug: a save apart needs a session of its own');
    state.savedAt = performance.now();
    const started = performance.now();
    const written = (async () => {
      this.saveSession ??= open();
      const session = await this.saveSession;
      return session.transaction((tx) => saveState(tx, key, change));
    })().then(
      (saved) => {
        state.saved = to;
        state.replace = false;
        this.options.log.debug('incremental state saved', {
          workspace: key.workspaceId,
          definition: key.version,
          units: saved,
          throughSeq: to.throughSeq,
          ms: Math.round(performance.now() - started),
        });
      },
      (error: unknown) => {
        this.options.log.warn('could not save the incremental state; it is restored from the last save', {
          workspace: key.workspaceId,
          definition: key.version,
          ...databaseErrorFields(error),
        });
        if (this.states.get(id) === state) this.states.delete(id);
      },
    );
    const writing: Promise<void> = written.finally(() => {
      if (this.writes.get(id) === writing) this.writes.delete(id);
      if (state.settling) this.options.wake?.();
    });
    this.writes.set(id, writing);
  }

  private async stateFor(tx: SqlClient, key: IncrementalKey, ir: DefinitionIR): Promise<ScorerState> {
    const id = stateKey(key);
    const known = this.states.get(id);
    if (known !== undefined) return known;
    await this.writes.get(id);
    // On a cluster the lock keeps the leader from saving between the checkpoint and the units.
    const checkpoint =
      this.options.saving.kind === 'solo' ? await readCheckpoint(tx, key) : await lockCheckpoint(tx, key);
    let state: ScorerState;
    if (checkpoint !== null) {
      const scorer = IncrementalScorer.restore(ir, this.options.evaluation, {
        horizon: checkpoint.horizon ?? Number.NEGATIVE_INFINITY,
        units: await loadUnits(tx, key),
      });
      state = fresh(key, scorer, checkpoint.throughSeq, checkpoint, false);
      this.stats.restored++;
    } else {
      // Rebuilt from every stored row, chunk by chunk (its first read starts after row 0).
      state = fresh(key, new IncrementalScorer(ir, this.options.evaluation), 0, null, true);
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

/**
 * A save's units, handed to `saveState` a slice at a time as it writes them, never all copied at
 * once (see `beginSave`). A save that fails leaves the scorer mid-save, but a failed save or pass
 * forgets the scorer anyway.
 */
function inSlices(scorer: IncrementalScorer, which: 'changed' | 'all'): SavedUnits {
  scorer.beginSave(which);
  return (max) => scorer.takeSaving(max);
}

function fresh(
  key: IncrementalKey,
  scorer: IncrementalScorer,
  throughSeq: number,
  saved: IncrementalCheckpoint | null,
  replace: boolean,
): ScorerState {
  return {
    key,
    scorer,
    throughSeq,
    saved,
    replace,
    scoreAll: true,
    savedAt: Number.NEGATIVE_INFINITY,
    behindPasses: 0,
    settleBegun: false,
    settling: false,
    due: new DueTimes(),
    nextDue: null,
  };
}

/** The horizon is stored as a whole number of milliseconds. */
const sameCheckpoint = (a: IncrementalCheckpoint, b: IncrementalCheckpoint): boolean =>
  a.throughSeq === b.throughSeq && roundOrNull(a.horizon) === roundOrNull(b.horizon);
const roundOrNull = (at: number | null) => (at === null ? null : Math.round(at));

function earliest(times: Iterable<number>): number | null {
  let first: number | null = null;
  for (const at of times) if (first === null || at < first) first = at;
  return first;
}

const stateKey = (key: IncrementalKey) => `${key.workspaceId}\u0000${key.version}`;
