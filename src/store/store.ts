/**
 * What the collector, the CLI and the admin API need from storage. Two implementations: the embedded
 * DuckDB store (`duckdb/`, one process per data directory) and the PostgreSQL store (`postgres/`,
 * any number of processes on one database). Both keep the same promises: a write resolves only after
 * COMMIT, and a message id is stored once per workspace within the dedupe window.
 */
import type { NormalizedMessage } from '../collect/normalized-message.ts';
import type { RejectionCode } from '../collect/rejections.ts';
import type { JsonValue } from '../lib/json.ts';
import type { SqlDatabase } from '../lib/sql-client.ts';
import type { KeyStore } from '../workspace/keys.ts';

/** Message ids are remembered for dedupe at least this long (Segment keeps them for about a day). */
export const DEDUPE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface RejectedItem {
  /** A `RejectionCode` for events; request-level codes (e.g. `request-too-large`) for whole requests. */
  readonly code: RejectionCode | string;
  readonly detail: string;
  /** Position in the batch (or line number for imports); null for a whole request. */
  readonly index: number | null;
  readonly messageId: string | null;
  /** The start of the offending input, for people debugging their sender. */
  readonly excerpt: string;
}

export interface AppendOutcome {
  readonly stored: number;
  /** Messages whose id was already stored (or repeated in the same write): acknowledged, not stored. */
  readonly duplicates: number;
}

export interface TraitRow {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly key: string;
  /** JSON text. */
  readonly value: string;
  /** Epoch ms; null means "since the beginning of time". */
  readonly timestamp: number | null;
  readonly source: string;
}

export const OUTCOME_TYPES = ['contacted', 'meeting', 'opportunity', 'won', 'lost', 'churned'] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

export interface OutcomeRow {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly type: OutcomeType;
  readonly amount: number | null;
  readonly owner: string | null;
  readonly timestamp: number;
  readonly source: string;
}

export interface StoreStats {
  readonly events: { readonly stored: number; readonly byType: Readonly<Record<string, number>> };
  readonly rejected: { readonly total: number; readonly byReason: Readonly<Record<string, number>> };
  readonly lastEventAt: string | null;
  readonly lastReceivedAt: string | null;
}

export interface EntityView {
  readonly type: 'user' | 'account';
  readonly id: string;
  readonly identity: {
    readonly linkedIds: readonly { readonly fromId: string; readonly userId: string; readonly at: string }[];
    readonly accounts: readonly { readonly groupId: string; readonly since: string }[];
    readonly members: readonly { readonly userKey: string; readonly since: string }[];
  };
  readonly traits: Readonly<Record<string, JsonValue>>;
  readonly traitHistory: readonly {
    readonly key: string;
    readonly value: JsonValue;
    readonly at: string | null;
    readonly source: string;
  }[];
  readonly eventCounts: Readonly<Record<string, number>>;
  readonly lastEvents: readonly {
    readonly messageId: string;
    readonly type: string;
    readonly event: string | null;
    readonly at: string;
    readonly properties: JsonValue;
  }[];
}

/** What one request added, as committed (duplicates removed): what real-time scoring reacts to. */
export interface CommittedWrite {
  readonly workspaceId: string;
  readonly messages: readonly NormalizedMessage[];
  readonly traits: readonly TraitRow[];
  readonly outcomes: readonly OutcomeRow[];
  /** The sequence numbers the rows were stored with, when the store tells them. */
  readonly seqs?: RowSeqs;
}

/** The sequence numbers of a write's rows, in the order of its lists. */
export interface RowSeqs {
  /** One per message; the link, membership and trait rows a message implied share its number. */
  readonly messages: readonly number[];
  /** One per standalone trait row. */
  readonly traits: readonly number[];
}

/** Sequence numbers `(afterSeq, throughSeq]`: every row stored with one is among the writes told with it. */
export interface SeqRange {
  readonly afterSeq: number;
  readonly throughSeq: number;
}

/**
 * Told after each COMMIT of this process's writes, before the writers are answered; it must not
 * throw or block. Writes committed by another process (another node) are not reported here.
 * `range`, when given, says the writes hold every row of those sequence numbers (with `seqs`), so
 * a listener can use them instead of reading the rows back.
 */
export type CommitListener = (
  writes: readonly CommittedWrite[],
  committedAt: number,
  range?: SeqRange,
) => void;

export interface EventStore {
  /** Kindling's own tables, for the ports implemented in SQL on either back end. */
  readonly database: SqlDatabase;
  /** Workspaces and hashed API keys. */
  readonly keys: KeyStore;
  /** Durably commits the messages (deduplicated by message id) and the rejections, then resolves. */
  append(
    workspaceId: string,
    messages: readonly NormalizedMessage[],
    rejected: readonly RejectedItem[],
  ): Promise<AppendOutcome>;
  appendTraits(workspaceId: string, rows: readonly TraitRow[]): Promise<number>;
  appendOutcomes(workspaceId: string, rows: readonly OutcomeRow[]): Promise<number>;
  stats(workspaceId: string): Promise<StoreStats>;
  /** Which of these ids the store has never seen as an entity of that type (no events, traits or links). */
  unknownEntities(workspaceId: string, type: 'user' | 'account', ids: readonly string[]): Promise<string[]>;
  /** Distinct names of counted events (`$page`, `$screen` included), for "did you mean" warnings. */
  eventNames(workspaceId: string): Promise<string[]>;
  entity(workspaceId: string, type: 'user' | 'account', id: string): Promise<EntityView | null>;
  /** Listen to what each commit of this process added; returns the unsubscribe function. */
  onCommit(listener: CommitListener): () => void;
  /** Resolves once every write queued so far is committed. */
  flushed(): Promise<void>;
  /** The last sequence number committed, where this process is the store's only writer (embedded). */
  lastCommittedSeq?(): number;
  close(): Promise<void>;
}
