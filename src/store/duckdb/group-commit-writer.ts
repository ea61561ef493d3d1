/**
 * Group commit: every write waits in a queue; one loop commits everything queued in one DuckDB
 * transaction (one WAL fsync), then acknowledges each writer. While a commit is in flight, new
 * writes gather for the next one, so many concurrent requests share one durable write.
 *
 * Deduplication by message id happens here, where writes are serialised: ids repeated within the
 * commit are dropped, ids the dedupe index suspects are confirmed against the table first.
 */
import { type DuckDBAppender, type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import type { DedupeIndex } from '../dedupe-index.ts';
import type { CommitListener, OutcomeRow, RejectedItem, TraitRow } from '../store.ts';
import {
  appendEvent,
  appendLink,
  appendMembership,
  appendOutcome,
  appendRejection,
  appendTrait,
} from './appenders.ts';

export interface WriteRequest {
  readonly workspaceId: string;
  readonly messages?: readonly NormalizedMessage[];
  readonly rejected?: readonly RejectedItem[];
  readonly traits?: readonly TraitRow[];
  readonly outcomes?: readonly OutcomeRow[];
}

/** What one request added, as committed (duplicates removed): what real-time scoring reacts to. */
export type { CommitListener, CommittedWrite } from '../store.ts';

export interface WriteOutcome {
  readonly stored: number;
  readonly duplicates: number;
}

interface Job {
  readonly request: WriteRequest;
  readonly resolve: (outcome: WriteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

const TABLES = ['events', 'identity_links', 'memberships', 'traits', 'rejections', 'outcomes'] as const;
type Table = (typeof TABLES)[number];

export class GroupCommitWriter {
  private queue: Job[] = [];
  private draining = false;
  private appenders: Map<Table, DuckDBAppender> | null = null;
  private readonly listeners = new Set<CommitListener>();

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly dedupe: DedupeIndex,
    private nextSeq: number,
    private readonly now: () => number = Date.now,
  ) {}

  write(request: WriteRequest): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Called after each COMMIT, before the writers are answered; a listener must not throw or block. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The sequence number of the last row committed (or being committed). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Resolves once everything queued so far is committed. */
  async idle(): Promise<void> {
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const jobs = this.queue.splice(0, this.queue.length);
        try {
          const outcomes = await this.commit(jobs.map((j) => j.request));
          jobs.forEach((job, i) => {
            job.resolve(outcomes[i] ?? { stored: 0, duplicates: 0 });
          });
        } catch (error) {
          for (const job of jobs) job.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    const kept = await this.withoutDuplicates(requests);
    const appenders = await this.openAppenders();
    const at = this.now();
    const seqStart = this.nextSeq;
    await this.conn.run('BEGIN TRANSACTION');
    try {
      // Only appenders that received rows are flushed: an empty flush still costs a round trip.
      const touched = new Set<Table>();
      const use = (table: Table): DuckDBAppender => {
        touched.add(table);
        return get(appenders, table);
      };
      requests.forEach((request, i) => {
        const ws = request.workspaceId;
        for (const m of kept[i] ?? []) this.appendMessage(use, ws, m);
        for (const r of request.rejected ?? []) appendRejection(use('rejections'), ws, at, r);
        for (const t of request.traits ?? []) appendTrait(use('traits'), ws, this.nextSeq++, t);
        for (const o of request.outcomes ?? []) appendOutcome(use('outcomes'), ws, this.nextSeq++, o, at);
      });
      for (const table of touched) get(appenders, table).flushSync();
      await this.conn.run('COMMIT');
    } catch (error) {
      this.nextSeq = seqStart;
      await this.conn.run('ROLLBACK').catch(() => undefined);
      this.closeAppenders();
      throw error;
    }
    if (this.listeners.size > 0) {
      const writes = requests.map((request, i) => ({
        workspaceId: request.workspaceId,
        messages: kept[i] ?? [],
        traits: request.traits ?? [],
        outcomes: request.outcomes ?? [],
      }));
      const committedAt = this.now();
      for (const listener of this.listeners) listener(writes, committedAt);
    }
    return requests.map((request, i) => {
      const messages = kept[i] ?? [];
      for (const m of messages) this.dedupe.add(request.workspaceId, m.messageId, at);
      const stored = messages.length + (request.traits?.length ?? 0) + (request.outcomes?.length ?? 0);
      return { stored, duplicates: (request.messages?.length ?? 0) - messages.length };
    });
  }

  private appendMessage(use: (table: Table) => DuckDBAppender, ws: string, m: NormalizedMessage): void {
    const seq = this.nextSeq++;
    appendEvent(use('events'), ws, seq, m);
    if (m.link !== null) {
      appendLink(use('identity_links'), {
        workspaceId: ws,
        ...m.link,
        timestamp: m.timestamp,
        seq,
      });
    }
    if (m.membership !== null) {
      appendMembership(use('memberships'), {
        workspaceId: ws,
        ...m.membership,
        timestamp: m.timestamp,
        seq,
      });
    }
    for (const t of m.traitWrites) {
      appendTrait(use('traits'), ws, seq, { ...t, timestamp: m.timestamp, source: m.type });
    }
  }

  /** Per request, the messages to store: first occurrence of each id, and not already stored. */
  private async withoutDuplicates(requests: readonly WriteRequest[]): Promise<NormalizedMessage[][]> {
    const seen = new Set<string>();
    const suspects = new Map<string, string[]>();
    const firsts = requests.map((request) =>
      (request.messages ?? []).filter((m) => {
        const key = `${request.workspaceId}\u0000${m.messageId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        if (this.dedupe.mightContain(request.workspaceId, m.messageId)) {
          const list = suspects.get(request.workspaceId) ?? [];
          list.push(m.messageId);
          suspects.set(request.workspaceId, list);
        }
        return true;
      }),
    );
    if (suspects.size === 0) return firsts;
    const stored = await this.storedIds(suspects);
    return requests.map((request, i) =>
      (firsts[i] ?? []).filter((m) => !stored.has(`${request.workspaceId}\u0000${m.messageId}`)),
    );
  }

  private async storedIds(suspects: Map<string, string[]>): Promise<Set<string>> {
    const found = new Set<string>();
    for (const [workspaceId, ids] of suspects) {
      const reader = await this.conn.runAndReadAll(
        'SELECT message_id FROM events WHERE workspace_id = $1 AND message_id IN (SELECT unnest($2))',
        [workspaceId, listValue(ids)],
        [VARCHAR, LIST(VARCHAR)],
      );
      for (const [id] of reader.getRows()) found.add(`${workspaceId}\u0000${String(id)}`);
    }
    return found;
  }

  private async openAppenders(): Promise<Map<Table, DuckDBAppender>> {
    if (this.appenders !== null) return this.appenders;
    const appenders = new Map<Table, DuckDBAppender>();
    for (const table of TABLES) appenders.set(table, await this.conn.createAppender(table));
    this.appenders = appenders;
    return appenders;
  }

  private closeAppenders(): void {
    for (const appender of this.appenders?.values() ?? []) {
      try {
        appender.closeSync();
      } catch {
        // An appender that failed mid-write may refuse to close; it is discarded either way.
      }
    }
    this.appenders = null;
  }

  async close(): Promise<void> {
    await this.idle();
    this.closeAppenders();
  }
}

function get(appenders: Map<Table, DuckDBAppender>, table: Table): DuckDBAppender {
  const appender = appenders.get(table);
  if (appender === undefined) throw new Error(`no appender for ${table}`);
  return appender;
}
