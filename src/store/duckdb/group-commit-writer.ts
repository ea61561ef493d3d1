/**
 * Group commit on DuckDB (the queue is `../group-commit-queue.ts`): everything queued is appended in
 * one DuckDB transaction (one WAL fsync), then each writer is acknowledged.
 *
 * Deduplication by message id happens here, where writes are serialised: ids repeated within the
 * commit are dropped, ids the dedupe index suspects are confirmed against the table first.
 */
import { type DuckDBAppender, type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import type { DedupeIndex } from '../dedupe-index.ts';
import {
  firstOccurrences,
  GroupCommitQueue,
  idKey,
  outcomeOf,
  SeqCounter,
  type WriteOutcome,
  type WriteRequest,
} from '../group-commit-queue.ts';
import type { CommitListener, CommittedWrite } from '../store.ts';
import {
  appendEvent,
  appendLink,
  appendMembership,
  appendOutcome,
  appendRejection,
  appendTrait,
} from './appenders.ts';

/** Re-exported for the modules that import them from here; they live in `../store.ts`. */
export type { CommitListener, CommittedWrite, WriteOutcome, WriteRequest };

const TABLES = ['events', 'identity_links', 'memberships', 'traits', 'rejections', 'outcomes'] as const;
type Table = (typeof TABLES)[number];

export class GroupCommitWriter extends GroupCommitQueue {
  private appenders: Map<Table, DuckDBAppender> | null = null;
  private committedThrough: number;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly dedupe: DedupeIndex,
    private nextSeq: number,
    now: () => number = Date.now,
  ) {
    super(now);
    this.committedThrough = nextSeq - 1;
  }

  /** The sequence number of the last row committed (or being committed). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** The sequence number of the last row committed, set before listeners hear of its commit. */
  get committedSeq(): number {
    return this.committedThrough;
  }

  protected override async commit(requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
    const kept = await this.withoutDuplicates(requests);
    const appenders = await this.openAppenders();
    const at = this.now();
    const seqStart = this.nextSeq;
    // One writer, one commit at a time: a commit's numbers follow the previous one's without a gap.
    const seqs = new SeqCounter(() => this.nextSeq++);
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
        seqs.request();
        for (const m of kept[i] ?? []) this.appendMessage(use, ws, seqs.message(), m);
        for (const r of request.rejected ?? []) appendRejection(use('rejections'), ws, at, r);
        for (const t of request.traits ?? []) appendTrait(use('traits'), ws, seqs.trait(), t);
        for (const o of request.outcomes ?? []) appendOutcome(use('outcomes'), ws, seqs.other(), o, at);
      });
      for (const table of touched) get(appenders, table).flushSync();
      await this.conn.run('COMMIT');
      this.committedThrough = this.nextSeq - 1;
    } catch (error) {
      this.nextSeq = seqStart;
      await this.conn.run('ROLLBACK').catch(() => undefined);
      this.closeAppenders();
      throw error;
    }
    this.committed(requests, kept, seqs.seqs());
    return requests.map((request, i) => {
      const messages = kept[i] ?? [];
      for (const m of messages) this.dedupe.add(request.workspaceId, m.messageId, at);
      return outcomeOf(request, messages);
    });
  }

  private appendMessage(
    use: (table: Table) => DuckDBAppender,
    ws: string,
    seq: number,
    m: NormalizedMessage,
  ): void {
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
    const firsts = firstOccurrences(requests);
    const suspects = new Map<string, string[]>();
    requests.forEach((request, i) => {
      for (const m of firsts[i] ?? []) {
        if (!this.dedupe.mightContain(request.workspaceId, m.messageId)) continue;
        const list = suspects.get(request.workspaceId) ?? [];
        list.push(m.messageId);
        suspects.set(request.workspaceId, list);
      }
    });
    if (suspects.size === 0) return firsts;
    const stored = await this.storedIds(suspects);
    return requests.map((request, i) =>
      (firsts[i] ?? []).filter((m) => !stored.has(idKey(request.workspaceId, m.messageId))),
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
      for (const [id] of reader.getRows()) found.add(idKey(workspaceId, String(id)));
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
