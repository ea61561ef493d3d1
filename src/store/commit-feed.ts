/**
 * What every node committed, read back from the database (either back end) in commit order, so each node's real-time
 * engine hears of events whichever node acknowledged them. Commits on PostgreSQL are serialised
 * (the writer takes `COMMIT_ORDER_LOCK` before it draws sequence numbers), so the rows a reader can
 * see always form a prefix of `seq`: reading `seq > cursor` never skips a row that commits later.
 *
 * Rows become the same `CommittedWrite`s the embedded store's writer hands its listeners: the
 * identity link, membership and trait writes a message implied share its `seq`; standalone trait
 * and outcome rows have their own.
 */

import type { SegmentType } from '../collect/message-schema.ts';
import type { NormalizedMessage, TraitWrite } from '../collect/normalized-message.ts';
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import type { CommitListener, CommittedWrite, OutcomeRow, OutcomeType, TraitRow } from './store.ts';

/** The advisory lock a PostgreSQL commit holds from its first sequence number to COMMIT. */
export const COMMIT_ORDER_LOCK = 0x6b696e646c6331n;

export interface CommitFeedOptions {
  /** Rows after this sequence number are new (the last one committed when the node started). */
  readonly afterSeq: number;
  /** At most this many sequence numbers per read, so a backlog is read in bounded steps. */
  readonly batch?: number;
  readonly now?: () => number;
}

interface EventRow extends SqlRow {
  seq: number;
  workspace_id: string;
  message_id: string;
  type: string;
  event: string | null;
  name: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  previous_id: string | null;
  ts: number;
  received_at: number;
  sent_at: number | null;
  original_timestamp: number | null;
  properties: string | null;
  traits: string | null;
  context: string | null;
}

interface LinkRow extends SqlRow {
  seq: number;
  from_id: string;
  user_id: string;
}

interface MembershipRow extends SqlRow {
  seq: number;
  user_key: string;
  group_id: string;
}

interface TraitTableRow extends SqlRow {
  seq: number;
  workspace_id: string;
  entity_type: string;
  entity_id: string;
  key: string;
  value: string | null;
  ts: number | null;
  source: string;
}

interface OutcomeTableRow extends SqlRow {
  seq: number;
  workspace_id: string;
  entity_type: string;
  entity_id: string;
  type: string;
  amount: number | null;
  owner: string | null;
  ts: number;
  source: string;
}

export class CommitFeed {
  private readonly listeners = new Set<CommitListener>();
  private cursor: number;
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: SqlClient,
    private readonly options: CommitFeedOptions,
  ) {
    this.cursor = options.afterSeq;
  }

  /** The last sequence number handed to the listeners. */
  get through(): number {
    return this.cursor;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads what was committed since the last read and tells the listeners; resolves when caught up. */
  poll(): Promise<void> {
    if (this.reading !== null) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.drain().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      while (await this.step()) {
        // a full batch: more may be waiting
      }
    } while (this.again);
  }

  /** One bounded read; true when it was full (more rows may follow). */
  private async step(): Promise<boolean> {
    const batch = this.options.batch ?? 5_000;
    const [top] = await this.db.query<{ seq: number | null }>(
      `SELECT greatest(
         (SELECT max(seq) FROM events), (SELECT max(seq) FROM traits), (SELECT max(seq) FROM outcomes)) AS seq`,
    );
    const latest = top?.seq ?? this.cursor;
    if (latest <= this.cursor) return false;
    const from = this.cursor;
    const to = Math.min(latest, from + batch);
    const range = [from, to];
    const where = 'seq > $1 AND seq <= $2';
    const [events, links, memberships, traits, outcomes] = await Promise.all([
      this.db.query<EventRow>(`SELECT * FROM events WHERE ${where} ORDER BY seq`, range),
      this.db.query<LinkRow>(`SELECT seq, from_id, user_id FROM identity_links WHERE ${where}`, range),
      this.db.query<MembershipRow>(`SELECT seq, user_key, group_id FROM memberships WHERE ${where}`, range),
      this.db.query<TraitTableRow>(`SELECT * FROM traits WHERE ${where} ORDER BY seq`, range),
      this.db.query<OutcomeTableRow>(`SELECT * FROM outcomes WHERE ${where} ORDER BY seq`, range),
    ]);
    const writes = toWrites(events, links, memberships, traits, outcomes);
    this.cursor = to;
    if (writes.length > 0) {
      const committedAt = (this.options.now ?? Date.now)();
      // Rows visible are a prefix of `seq`: the writes hold every row numbered in (from, to].
      for (const listener of this.listeners)
        listener(writes, committedAt, { afterSeq: from, throughSeq: to });
    }
    return to < latest;
  }
}

function toWrites(
  events: readonly EventRow[],
  links: readonly LinkRow[],
  memberships: readonly MembershipRow[],
  traits: readonly TraitTableRow[],
  outcomes: readonly OutcomeTableRow[],
): CommittedWrite[] {
  const linkBySeq = new Map(links.map((row) => [row.seq, row]));
  const membershipBySeq = new Map(memberships.map((row) => [row.seq, row]));
  const eventSeqs = new Set(events.map((row) => row.seq));
  const impliedTraits = new Map<number, TraitWrite[]>();
  const byWorkspace = new Map<
    string,
    {
      messages: NormalizedMessage[];
      traits: TraitRow[];
      outcomes: OutcomeRow[];
      seqs: { messages: number[]; traits: number[] };
    }
  >();
  const of = (workspaceId: string) => {
    let write = byWorkspace.get(workspaceId);
    if (write === undefined) {
      write = { messages: [], traits: [], outcomes: [], seqs: { messages: [], traits: [] } };
      byWorkspace.set(workspaceId, write);
    }
    return write;
  };
  for (const row of traits) {
    const entityType = row.entity_type === 'account' ? 'account' : 'user';
    const value = row.value ?? 'null';
    if (eventSeqs.has(row.seq)) {
      const list = impliedTraits.get(row.seq) ?? [];
      list.push({ entityType, entityId: row.entity_id, key: row.key, value });
      impliedTraits.set(row.seq, list);
    } else {
      of(row.workspace_id).seqs.traits.push(row.seq);
      of(row.workspace_id).traits.push({
        entityType,
        entityId: row.entity_id,
        key: row.key,
        value,
        timestamp: row.ts,
        source: row.source,
      });
    }
  }
  for (const row of events) {
    const link = linkBySeq.get(row.seq);
    const membership = membershipBySeq.get(row.seq);
    of(row.workspace_id).seqs.messages.push(row.seq);
    of(row.workspace_id).messages.push({
      messageId: row.message_id,
      type: row.type as SegmentType,
      event: row.event,
      name: row.name,
      userId: row.user_id,
      anonymousId: row.anonymous_id,
      groupId: row.group_id,
      previousId: row.previous_id,
      timestamp: row.ts,
      receivedAt: row.received_at,
      sentAt: row.sent_at,
      originalTimestamp: row.original_timestamp,
      properties: row.properties ?? '{}',
      traits: row.traits,
      context: row.context,
      link: link === undefined ? null : { fromId: link.from_id, userId: link.user_id },
      membership:
        membership === undefined ? null : { userKey: membership.user_key, groupId: membership.group_id },
      traitWrites: impliedTraits.get(row.seq) ?? [],
      droppedKeys: [],
    });
  }
  for (const row of outcomes) {
    of(row.workspace_id).outcomes.push({
      entityType: row.entity_type === 'account' ? 'account' : 'user',
      entityId: row.entity_id,
      type: row.type as OutcomeType,
      amount: row.amount,
      owner: row.owner,
      timestamp: row.ts,
      source: row.source,
    });
  }
  return [...byWorkspace].map(([workspaceId, write]) => ({ workspaceId, ...write }));
}
