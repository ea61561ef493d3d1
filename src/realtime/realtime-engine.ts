/**
 * Real-time qualification. The store tells the engine that commits happened; the engine rescores
 * just the affected entities — from incremental state fed only the commits' rows
 * (incremental-scoring.ts, the default), or with the compiled SQL over their slice of the store
 * (slice-scoring.ts) — compares with each entity's last state, and records every tier change:
 * rises and hand-raisers as qualifications (receipt, routing, lead, outbox in one transaction),
 * falls as downgrades. Receipts and contacts come from the scorer's state for all of a pass's
 * qualifications at once; with SQL scoring each reads its entity's rows from the store. Changes that come from time alone (windows expiring, recency decay,
 * inactivity) are applied by each pass and by a sweep at least once a minute: from each entity's
 * next change time with incremental state, by rescoring every entity with SQL.
 *
 * One pass runs at a time; commits that arrive meanwhile gather for the next pass, so the engine
 * batches itself under load as the group-commit writer does.
 *
 * The engine runs on a session of its own from the store's `SqlDatabase` and scores in the dialect
 * of the store's back end (`driverOnClient`); each pass is one transaction on that session. It hears
 * of commits through a `CommitSource`, so any store that announces its commits can feed it.
 */
import { randomBytes } from 'node:crypto';
import { databaseErrorFields } from '../lib/database-errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { SqlClient, SqlDatabase, SqlSession } from '../lib/sql-client.ts';
import type { Dataset, EvaluationOptions } from '../model/dataset.ts';
import type { DeliveryClaim } from '../outbox/enqueue-deliveries.ts';
import type { DeliveryRecord } from '../outbox/outbox-store.ts';
import type { EntityScore } from '../score/entity-score.ts';
import { explainEntity, type Receipt } from '../score/explain/index.ts';
import type { EntityDescription } from '../score/incremental/index.ts';
import { FREE_EMAIL_DOMAINS } from '../score/reference/free-email.ts';
import { driverOnClient } from '../sql/drivers/client-driver.ts';
import { loadFreeEmailDomains } from '../sql/load-dataset.ts';
import { type DatasetTables, readDataset } from '../store/read-dataset.ts';
import { buildAlert } from './build-alert.ts';
import type { CommitSource, CommittedWrite, SeqRange } from './commit-source.ts';
import { crashPoint } from './crash-point.ts';
import { entityContact } from './entity-contact.ts';
import { type EntityState, type StateMap, sameState, saveStates, stateOf } from './entity-states.ts';
import { escalate } from './escalate.ts';
import {
  IncrementalScoring,
  type IncrementalStats,
  noIncrementalStats,
  type StateSaving,
} from './incremental-scoring.ts';
import { applyTouches, awaitingEscalation, markBreaches } from './lead-writes.ts';
import type { DefinitionSource, LiveDefinition } from './live-definition.ts';
import type { PassScores, Scoring } from './pass-scores.ts';
import type { QualificationFeed } from './qualification-feed.ts';
import {
  type QualificationRow,
  type RecordedDeliveries,
  recordQualification,
  statusOf,
} from './record-qualification.ts';
import { scoreSlice } from './slice-scoring.ts';
import { lastCommittedSeq } from './start-points.ts';
import { type TransitionKind, tierTransition } from './tier-transition.ts';
import { TouchedIds, type Trigger } from './touched-ids.ts';
import { startingStates } from './version-start.ts';

/** The due timer waits at least this long, so an entity due again at once cannot spin the engine. */
const DUE_FLOOR_MS = 100;

/** Who saves the incremental state: this process, or the node of the cluster that leads now. */
const savingOn = (cluster: EngineCluster | undefined): StateSaving =>
  cluster === undefined ? { kind: 'solo' } : { kind: 'shared', leads: () => cluster.isLeader() };

/** What the engine needs of a store: its database, and word of each commit. */
export interface EngineStore extends CommitSource {
  readonly database: SqlDatabase;
}

export interface RealtimeEngineOptions {
  readonly store: EngineStore;
  readonly definitions: DefinitionSource;
  readonly evaluation: EvaluationOptions;
  readonly feed: QualificationFeed;
  readonly log: Logger;
  readonly now?: () => number;
  /** The dashboard's base URL for lead links in alerts; null leaves them out. */
  readonly baseUrl?: string | null;
  /**
   * The claim a pass writes on the deliveries it enqueues, for this node's delivery worker to send
   * them without a claim of its own (`DeliveryWorker.claim`); absent or null, the worker claims them.
   */
  readonly claimDeliveries?: () => DeliveryClaim | null;
  /**
   * Called after a pass enqueued deliveries: hand the claimed ones to the delivery worker and wake
   * it for the others (`unclaimed`: due now but left to its queue). The next pass waits for the
   * returned promise, so fresh alerts go out before the engine loads the database again.
   */
  readonly onEnqueued?: (enqueued: EnqueuedDeliveries) => undefined | Promise<unknown>;
  /** How often every entity is rescored for time-driven changes; default 60 s. */
  readonly sweepMs?: number;
  /**
   * Never take a baseline: a version that has not started yet starts from nothing, so every
   * entity counts as new and whatever it qualifies for is recorded (replaying history from its
   * start). Default false.
   */
  readonly noBaseline?: boolean;
  /** Runs before each sweep (re-read which definitions score which workspace). */
  readonly beforeSweep?: () => Promise<void>;
  /** Sweep only these workspaces; default every workspace in the store. */
  readonly workspaceIds?: readonly string[];
  /**
   * Several servers on one database (src/cluster/): the engine records changes only for the
   * entities this node owns now, checks in each pass's transaction that it still owns them, and
   * leaves SLA breaches and escalations to the leader. Absent: one node does everything.
   */
  readonly cluster?: EngineCluster;
  /**
   * How passes score: `incremental` (default) keeps per-entity state, folds in only each commit's
   * rows and rescores what they or the clock changed (incremental-scoring.ts); `sql` rescores the
   * touched entities' slice, and every entity each sweep, with the compiled SQL (slice-scoring.ts).
   */
  readonly scoring?: Scoring;
  /** Incremental scoring: a workspace's events folded in per pass at most (default 50,000). */
  readonly chunkRows?: number;
  /** Incremental scoring: save the state at most this often (default a minute; 0: every pass). */
  readonly stateSaveEveryMs?: number;
}

/** Where the engine keeps a version's states in a workspace. */
function statesKey(workspaceId: string, version: string): string {
  return `${workspaceId}\u0000${version}`;
}

/** What a pass (or a sweep's escalations) enqueued. */
export interface EnqueuedDeliveries {
  readonly claimed: readonly DeliveryRecord[];
  readonly unclaimed: number;
}

/** What the engine asks of the cluster this node belongs to. */
export interface EngineCluster {
  owns(workspaceId: string, entityId: string): boolean;
  isLeader(): boolean;
  /**
   * Inside a pass's transaction: throws unless this node still holds these entities' partitions,
   * and holds them until COMMIT, so no other node can take them over while the pass records.
   */
  fence(tx: SqlClient, workspaceId: string, entityIds: readonly string[]): Promise<void>;
}

export interface EngineStats {
  passes: number;
  sweeps: number;
  qualifications: number;
  downgrades: number;
  failures: number;
  /** Milliseconds from the earliest commit of a pass to the end of the pass, last pass. */
  lastLatencyMs: number;
  /** Incremental scoring: scorers restored and rebuilt, store rows folded in (zero with `sql`). */
  readonly incremental: IncrementalStats;
}

/** No records: an entity the scorer does not know has no contact and no trigger person. */
const NOBODY: Dataset = { events: [], links: [], memberships: [], traits: [] };

interface Change {
  readonly score: EntityScore;
  readonly previous: EntityState | undefined;
  readonly kind: TransitionKind;
}

export class RealtimeEngine {
  readonly stats: EngineStats;
  private readonly now: () => number;
  /** null when passes score with SQL. */
  private readonly incremental: IncrementalScoring | null;
  /**
   * Each version's states by `statesKey`: read whole from `entity_states` (or its baseline), then
   * kept with every committed pass, so it holds a row for exactly the entities the table does
   * (this node's, on many nodes: a partition taken over clears it). `saveStates` relies on that.
   */
  private readonly states = new Map<string, StateMap>();
  private pending = new Map<string, TouchedIds>();
  /** Set while a pass records changes and hands their alerts over (`beginAlerting`). */
  private alerting: { readonly done: Promise<void>; readonly end: () => void } | null = null;
  private sweepRequested = false;
  private readonly toAdopt = new Set<string>();
  private running: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private dueTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private freeMailLoaded = false;
  /** The last store row committed before the server listened (set by prepare). */
  private listenedAfterSeq: number | null = null;

  private constructor(
    private readonly options: RealtimeEngineOptions,
    private readonly session: SqlSession,
  ) {
    this.now = options.now ?? Date.now;
    this.incremental =
      options.scoring === 'sql'
        ? null
        : new IncrementalScoring({
            evaluation: options.evaluation,
            log: options.log,
            now: this.now,
            saving: savingOn(options.cluster),
            ...(options.chunkRows === undefined ? {} : { chunkRows: options.chunkRows }),
            ...(options.stateSaveEveryMs === undefined ? {} : { saveEveryMs: options.stateSaveEveryMs }),
            openSession: () => options.store.database.session(),
            wake: () => this.kick(),
            alertsFirst: async () => {
              while (this.alerting !== null) await this.alerting.done;
            },
            ...(options.store.lastCommittedSeq === undefined
              ? {}
              : { committedSeq: () => options.store.lastCommittedSeq?.() ?? 0 }),
          });
    this.stats = {
      passes: 0,
      sweeps: 0,
      qualifications: 0,
      downgrades: 0,
      failures: 0,
      lastLatencyMs: 0,
      incremental: this.incremental?.stats ?? noIncrementalStats(),
    };
  }

  static async create(options: RealtimeEngineOptions): Promise<RealtimeEngine> {
    return new RealtimeEngine(options, await options.store.database.session());
  }

  /**
   * Loads (or baselines) the states of every workspace before the first commit can arrive; call
   * before the server listens, so every version's start point is durable before any event is
   * acknowledged under it (version-start.ts).
   */
  async prepare(): Promise<void> {
    this.listenedAfterSeq = await lastCommittedSeq(this.session);
    for (const workspaceId of await this.workspaces()) {
      for (const definition of this.options.definitions(workspaceId))
        await this.statesFor(workspaceId, definition);
      await this.retireVersions(workspaceId);
    }
  }

  /** Listens to commits and starts the minute sweep; the first sweep runs at once. */
  start(): void {
    this.unsubscribe = this.options.store.onCommit((writes, at, range) => this.noteCommit(writes, at, range));
    const sweepMs = this.options.sweepMs ?? 60_000;
    this.sweepTimer = setInterval(() => this.requestSweep(), sweepMs);
    this.sweepTimer.unref();
    this.requestSweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    if (this.dueTimer !== null) clearTimeout(this.dueTimer);
    await this.running;
    // Passes save the incremental state every minute: what changed since is saved now.
    const incremental = this.incremental;
    if (incremental !== null) {
      await this.session
        .transaction((tx) => incremental.flush(tx))
        .catch((error: unknown) => {
          this.options.log.warn(
            'could not save the incremental state on stop; the next start folds the rows in again',
            databaseErrorFields(error),
          );
        });
      await incremental.close();
    }
    await this.session.close();
  }

  /** Resolves when everything committed so far has been processed (for tests and benchmarks). */
  async settle(): Promise<void> {
    await this.options.store.flushed();
    for (;;) {
      while (this.running !== null || this.pending.size > 0 || this.sweepRequested || this.toAdopt.size > 0) {
        if (this.running === null) this.kick();
        await this.running;
      }
      await this.incremental?.written();
      // A state that caught up scores once its save is written: that takes one more pass.
      if (this.stopped || (this.running === null && this.incremental?.catchingUp() !== true)) return;
      if (this.running === null) this.kick();
    }
  }

  /**
   * A workspace's definitions changed (a new live or shadow version): load or baseline their
   * states now, before the next events, so a new version starts from the moment it was activated.
   */
  adopt(workspaceId: string): void {
    // A version activated again starts again: forget what this process remembers of it.
    for (const key of this.states.keys()) if (key.startsWith(`${workspaceId}\u0000`)) this.states.delete(key);
    this.incremental?.forgetWorkspace(workspaceId);
    this.toAdopt.add(workspaceId);
    this.kick();
  }

  /**
   * This node took over entities another node scored (a cluster partition moved): forget the states
   * it remembers, so they are read again, and rescore every entity it owns now.
   */
  takeOver(): void {
    this.states.clear();
    this.incremental?.rescoreAll();
    this.requestSweep();
  }

  /** Rescore every entity now (time-driven changes), then resolve. */
  async sweepNow(): Promise<void> {
    this.requestSweep();
    await this.settle();
  }

  private noteCommit(writes: readonly CommittedWrite[], committedAt: number, range?: SeqRange): void {
    if (this.stopped) return;
    this.incremental?.hear(writes, range);
    for (const write of writes) {
      let touched = this.pending.get(write.workspaceId);
      if (touched === undefined) {
        touched = new TouchedIds();
        this.pending.set(write.workspaceId, touched);
      }
      touched.add(write, committedAt);
      if (touched.size === 0) this.pending.delete(write.workspaceId);
    }
    this.kick();
  }

  private requestSweep(): void {
    this.sweepRequested = true;
    this.kick();
  }

  private kick(): void {
    if (this.running !== null || this.stopped) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      const owed = this.pending.size > 0 || this.sweepRequested || this.toAdopt.size > 0;
      if (!this.stopped && (owed || this.incremental?.catchingUp() === true)) this.kick();
      else this.scheduleDue();
    });
  }

  /** One timer for the earliest entity due by time alone (incremental state), so it changes on time. */
  private scheduleDue(): void {
    if (this.dueTimer !== null) clearTimeout(this.dueTimer);
    this.dueTimer = null;
    const at = this.incremental?.nextDueAt() ?? null;
    if (at === null || this.stopped) return;
    const delay = Math.min(Math.max(at - this.now(), DUE_FLOOR_MS), this.options.sweepMs ?? 60_000);
    this.dueTimer = setTimeout(() => {
      this.dueTimer = null;
      this.kick();
    }, delay);
    this.dueTimer.unref();
  }

  /** Deletes the saved incremental state of versions that no longer score the workspace. */
  private async retireVersions(workspaceId: string): Promise<void> {
    const versions = this.options.definitions(workspaceId).map((definition) => definition.version);
    this.incremental?.keepOnly(workspaceId, versions);
    await this.incremental?.retire(this.session, workspaceId, versions).catch((error: unknown) => {
      this.options.log.warn('could not delete the incremental state of retired versions', {
        workspace: workspaceId,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  private async drain(): Promise<void> {
    for (const workspaceId of [...this.toAdopt]) {
      this.toAdopt.delete(workspaceId);
      for (const definition of this.options.definitions(workspaceId)) {
        await this.statesFor(workspaceId, definition).catch((error: unknown) => {
          this.stats.failures++;
          this.options.log.error('could not start scoring with a new definition version', {
            workspace: workspaceId,
            definition: definition.version,
            error: error instanceof Error ? error.message : String(error),
          });
        });
      }
      await this.retireVersions(workspaceId);
    }
    if (this.sweepRequested) {
      this.sweepRequested = false;
      this.pending.clear(); // a sweep covers every entity
      await this.options.beforeSweep?.();
      for (const workspaceId of await this.workspaces()) await this.pass(workspaceId, null);
      this.stats.sweeps++;
      return;
    }
    const batch = this.pending;
    this.pending = new Map();
    for (const [workspaceId, touched] of batch) await this.pass(workspaceId, touched);
    // States catching up with the store, and entities due by time alone, owe a pass without a commit.
    for (const workspaceId of this.incremental?.workspacesToPass(this.now()) ?? []) {
      if (!batch.has(workspaceId)) await this.pass(workspaceId, new TouchedIds());
    }
  }

  private async workspaces(): Promise<readonly string[]> {
    if (this.options.workspaceIds !== undefined) return this.options.workspaceIds;
    const rows = await this.session.query<{ id: string }>('SELECT id FROM workspaces ORDER BY id');
    return rows.map((row) => row.id);
  }

  /** One workspace, every definition: the touched entities, or all of them (`touched` null). */
  private async pass(workspaceId: string, touched: TouchedIds | null): Promise<void> {
    await this.followUpLeads(workspaceId, touched);
    const entities =
      touched === null ||
      touched.userKeys.size + touched.accountIds.size > 0 ||
      this.incremental?.workspacesToPass(this.now()).includes(workspaceId) === true;
    const definitions = this.options.definitions(workspaceId);
    // A version that no longer scores the workspace must not keep asking for catch-up passes.
    this.incremental?.keepOnly(
      workspaceId,
      definitions.map((definition) => definition.version),
    );
    for (const definition of entities ? definitions : []) {
      try {
        const states = await this.statesFor(workspaceId, definition);
        await this.scoreAndRecord(workspaceId, definition, states, touched);
      } catch (error) {
        this.stats.failures++;
        this.incremental?.forget({ workspaceId, version: definition.version });
        // Read the states again too: a map that missed a stored row fails every insert of its state.
        this.states.delete(statesKey(workspaceId, definition.version));
        this.options.log.error('real-time pass failed; the next sweep will catch up', {
          workspace: workspaceId,
          definition: definition.version,
          ...databaseErrorFields(error, 'stack'),
        });
      } finally {
        this.endAlerting();
      }
    }
    this.stats.passes++;
    if (touched !== null && Number.isFinite(touched.firstCommittedAt)) {
      this.stats.lastLatencyMs = this.now() - touched.firstCommittedAt;
    }
  }

  /** Touches stop SLA clocks (every pass); overdue leads are marked breached and escalated (sweeps). */
  private async followUpLeads(workspaceId: string, touched: TouchedIds | null): Promise<void> {
    if (this.options.definitions(workspaceId).length === 0) return;
    const publish = (entityType: string, entityId: string, change: string) =>
      this.options.feed.publish({
        type: 'lead',
        data: { workspaceId, entityType: entityType === 'user' ? 'user' : 'account', entityId, change },
      });
    try {
      if (touched !== null && touched.outcomes.length > 0) {
        for (const lead of await applyTouches(this.session, workspaceId, touched.outcomes)) {
          publish(lead.entityType, lead.entityId, 'contacted');
        }
      }
      if (touched === null && (this.options.cluster?.isLeader() ?? true)) {
        const live = this.options.definitions(workspaceId).find((d) => !d.shadow);
        const { breached, enqueued } = await this.session.transaction(async (tx) => {
          const breached = await markBreaches(tx, workspaceId, this.now());
          let enqueued = 0;
          if (live?.escalate !== undefined) {
            for (const lead of await awaitingEscalation(tx, workspaceId)) {
              enqueued += await escalate(tx, lead, live.escalate, this.now());
            }
          }
          return { breached, enqueued };
        });
        for (const lead of breached) publish(lead.entityType, lead.entityId, 'sla-breached');
        if (enqueued > 0) await this.options.onEnqueued?.({ claimed: [], unclaimed: enqueued });
      }
    } catch (error) {
      this.stats.failures++;
      this.options.log.error('lead follow-up failed', {
        workspace: workspaceId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }

  private async scoreAndRecord(
    workspaceId: string,
    definition: LiveDefinition,
    states: StateMap,
    touched: TouchedIds | null,
  ): Promise<void> {
    const { ir } = definition;
    await this.ensureFreeMail();
    const notices: QualificationRow[] = [];
    let enqueued = 0;
    const claimed: DeliveryRecord[] = [];
    const changed = new Map<string, EntityState>();
    const timing: Record<string, number> = {};
    const started = performance.now();
    let mark = started;
    const lap = (name: string) => {
      const at = performance.now();
      timing[name] = Math.round(at - mark);
      mark = at;
    };
    let changeCount = 0;
    /** Time spent building receipts and reading who the entities are, and for how many. */
    let receiptMs = 0;
    let receipts = 0;
    let detail: PassScores['detail'] = {};
    await this.session.transaction(async (tx) => {
      const pass = await this.scorePass(tx, workspaceId, ir, definition.version, states, touched);
      detail = pass.detail;
      lap('scoreMs');
      const { asOf } = pass;
      const changes: Change[] = [];
      const cluster = this.options.cluster;
      for (const score of pass.scores) {
        if (cluster !== undefined && !cluster.owns(workspaceId, score.entityId)) continue;
        const previous = states.get(score.entityId);
        const next = stateOf(score, previous);
        if (!sameState(previous, next)) changed.set(score.entityId, next);
        const kind = tierTransition(ir, previous ?? null, next);
        if (kind !== null) changes.push({ score, previous, kind });
      }
      changeCount = changes.length;
      if (changes.length > 0) this.beginAlerting();
      if (cluster !== undefined && changed.size > 0)
        await cluster.fence(tx, workspaceId, [...changed.keys()]);
      if (changes.length > 0) crashPoint('pass-begun');
      // Every qualification's receipt and contact at once, from the scorer's state when it has one.
      const startedReceipts = performance.now();
      const qualifying = changes.filter((c) => c.kind !== 'downgraded').map((c) => c.score.entityId);
      const described = qualifying.length === 0 ? undefined : pass.describe?.(qualifying);
      receiptMs = performance.now() - startedReceipts;
      receipts = qualifying.length;
      const claim = changes.length === 0 ? null : (this.options.claimDeliveries?.() ?? null);
      for (const change of changes) {
        const trigger = touched?.triggerFor(pass.triggerKeys(change.score.entityId)) ?? null;
        const { row, deliveries } = await this.record(tx, {
          workspaceId,
          definition,
          change,
          asOf,
          trigger,
          receiptTables: pass.receiptTables,
          described: described === undefined ? undefined : (described.get(change.score.entityId) ?? null),
          claim,
          spent: (ms) => {
            receiptMs += ms;
          },
        });
        notices.push(row);
        enqueued += deliveries.due.length;
        claimed.push(...deliveries.claimed);
      }
      lap('recordMs');
      await saveStates(
        tx,
        { workspaceId, version: definition.version, entityType: ir.entity },
        asOf,
        changed,
        states,
      );
      await pass.finish(tx);
      if (changes.length > 0) crashPoint('states-saved');
    });
    if (changeCount > 0) crashPoint('pass-committed');
    lap('commitMs');
    this.options.log.debug('real-time pass', {
      workspace: workspaceId,
      touched: touched === null ? 'all' : touched.userKeys.size + touched.accountIds.size,
      ...detail,
      changed: changed.size,
      changes: notices.length,
      ...timing,
      receipts,
      receiptMs: Math.round(receiptMs),
      // The whole pass to a tenth of a millisecond: the phases above are rounded to whole ones.
      passMs: Math.round((performance.now() - started) * 10) / 10,
      lagMs: touched === null ? 0 : Math.round(this.now() - touched.firstCommittedAt),
    });
    for (const [id, state] of changed) states.set(id, state);
    for (const row of notices) {
      if (row.kind === 'qualified') this.stats.qualifications++;
      else this.stats.downgrades++;
      this.options.feed.publish({
        type: 'qualification',
        data: {
          id: row.id,
          workspaceId,
          definitionVersion: row.definitionVersion,
          shadow: row.shadow,
          entityType: row.entityType,
          entityId: row.entityId,
          kind: row.kind,
          tier: row.tier,
          previousTier: row.previousTier,
          score: row.score,
          status: row.status,
          owner: row.decision?.owner?.email ?? null,
          asOf: row.asOf,
        },
      });
    }
    if (enqueued > 0) await this.options.onEnqueued?.({ claimed, unclaimed: enqueued - claimed.length });
  }

  /**
   * From the moment a pass finds changes until their alerts are handed over (or the pass failed):
   * a save apart waits before its next statement (`alertsFirst`). Saves were the slowest alerts'
   * neighbours under the goal load of issue 16 (1.2–3.5 s of statements each minute).
   */
  private beginAlerting(): void {
    if (this.alerting !== null) return;
    let end = () => {};
    const done = new Promise<void>((resolve) => {
      end = resolve;
    });
    this.alerting = { done, end };
  }

  private endAlerting(): void {
    this.alerting?.end();
    this.alerting = null;
  }

  private async record(
    tx: SqlClient,
    input: {
      readonly workspaceId: string;
      readonly definition: LiveDefinition;
      readonly change: Change;
      readonly asOf: number;
      readonly trigger: Trigger | null;
      /** Read the receipt's data from the pass's slice tables (same rows for this entity, fewer others). */
      readonly receiptTables: DatasetTables | undefined;
      /** The receipt and who the entity is from the scorer's state (null: it does not exist); undefined: read them. */
      readonly described: EntityDescription | null | undefined;
      /** The claim to write on its deliveries (null: left to the worker). */
      readonly claim: DeliveryClaim | null;
      /** Reports the milliseconds spent reading and explaining the entity. */
      readonly spent: (ms: number) => void;
    },
  ): Promise<{ row: QualificationRow; deliveries: RecordedDeliveries }> {
    const { workspaceId, definition, change, asOf, trigger } = input;
    const { ir } = definition;
    const { score, previous, kind } = change;
    const base = {
      id: `q_${randomBytes(8).toString('hex')}`,
      workspaceId,
      definitionName: ir.name,
      definitionVersion: definition.version,
      shadow: definition.shadow,
      entityType: ir.entity,
      entityId: score.entityId,
      kind,
      asOf,
      createdAt: this.now(),
      score: score.score,
      tier: score.tier,
      previousTier: previous?.tier ?? null,
      handRaiser: score.handRaiser,
      trigger,
    };
    if (kind === 'downgraded') {
      const row: QualificationRow = { ...base, receipt: null, decision: null, status: statusOf(base, null) };
      return { row, deliveries: await recordQualification(tx, row, null) };
    }
    const started = performance.now();
    const { receipt, data } =
      input.described === undefined
        ? await this.readReceipt(tx, { workspaceId, ir, entityId: score.entityId, asOf }, input.receiptTables)
        : { receipt: input.described?.receipt ?? null, data: input.described?.people ?? NOBODY };
    if (receipt !== null && (receipt.score !== score.score || receipt.tier !== score.tier)) {
      this.options.log.error('receipt and compiled score disagree (a bug: please report it)', {
        entity: score.entityId,
        sql: { score: score.score, tier: score.tier },
        reference: { score: receipt.score, tier: receipt.tier },
      });
    }
    const contact = entityContact(data, ir.entity, score.entityId);
    input.spent(performance.now() - started);
    const decision = definition.shadow
      ? null
      : await definition.router(tx, {
          workspaceId,
          entityType: ir.entity,
          entityId: score.entityId,
          tier: score.tier,
          previousTier: base.previousTier,
          handRaiser: score.handRaiser,
          score: score.score,
          email: contact.email,
          domain: contact.domain,
          traits: contact.traits,
          asOf,
        });
    const row: QualificationRow = { ...base, receipt, decision, status: statusOf(base, decision) };
    const alert =
      decision === null || receipt === null
        ? null
        : buildAlert({
            id: row.id,
            workspaceId,
            definition: { name: ir.name, version: definition.version },
            receipt,
            previousTier: base.previousTier,
            trigger,
            contact,
            decision,
            baseUrl: this.options.baseUrl ?? null,
            data,
            ...(definition.templates === undefined ? {} : { templates: definition.templates }),
          });
    const deliveries = await recordQualification(tx, row, alert, {
      digestAt: definition.digestAt,
      claim: input.claim,
    });
    return { row, deliveries };
  }

  /**
   * A receipt from the entity's rows read from the store (SQL scoring): its history, or the whole
   * workspace for an account made of an e-mail domain.
   */
  private async readReceipt(
    tx: SqlClient,
    entity: { workspaceId: string; ir: LiveDefinition['ir']; entityId: string; asOf: number },
    receiptTables: DatasetTables | undefined,
  ): Promise<{ receipt: Receipt | null; data: Dataset }> {
    const { workspaceId, ir, entityId, asOf } = entity;
    const evaluation = this.options.evaluation;
    const scope =
      evaluation.domainAccounts && entityId.startsWith('domain:')
        ? ({ kind: 'workspace' } as const)
        : ({ kind: 'entity', type: ir.entity, id: entityId } as const);
    const data = await readDataset(tx, workspaceId, scope, receiptTables);
    return { receipt: explainEntity(ir, data, entityId, asOf, evaluation), data };
  }

  /** The scores a pass compares: from the incremental state, or from SQL over the touched slice. */
  private async scorePass(
    tx: SqlClient,
    workspaceId: string,
    ir: LiveDefinition['ir'],
    version: string,
    states: StateMap,
    touched: TouchedIds | null,
  ): Promise<PassScores> {
    if (this.incremental !== null) return this.incremental.score(tx, { workspaceId, version }, ir);
    return scoreSlice(tx, {
      workspaceId,
      ir,
      evaluation: this.options.evaluation,
      touched,
      known: states.size,
      now: this.now,
    });
  }

  /** The states to compare against, from the version's start point on (version-start.ts). */
  private async statesFor(workspaceId: string, definition: LiveDefinition): Promise<StateMap> {
    const key = statesKey(workspaceId, definition.version);
    const cached = this.states.get(key);
    if (cached !== undefined) return cached;
    await this.ensureFreeMail();
    const states = await startingStates(
      {
        client: this.session,
        now: this.now,
        evaluation: this.options.evaluation,
        log: this.options.log,
        noBaseline: this.options.noBaseline === true,
        listenedAfterSeq: this.listenedAfterSeq,
      },
      workspaceId,
      definition,
    );
    this.states.set(key, states);
    return states;
  }

  private async ensureFreeMail(): Promise<void> {
    if (this.freeMailLoaded || !this.options.evaluation.domainAccounts) return;
    await loadFreeEmailDomains(driverOnClient(this.session), FREE_EMAIL_DOMAINS);
    this.freeMailLoaded = true;
  }
}
