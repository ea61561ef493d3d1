/**
 * What the engine needs to hear from a store: what each commit added, after it committed. Declared
 * here, in the engine's own words, so any store can feed it (the embedded one's group-commit writer,
 * or a store on PostgreSQL); a store's richer write type fits it structurally.
 */
import type { MessageType } from '../model/dataset.ts';
import type { OutcomeRow, SeqRange } from '../store/store.ts';

export type { SeqRange };

/** A trait as committed: the value is JSON text. */
export interface CommittedTrait {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly key: string;
  readonly value: string;
}

/** One message as committed, with what it implies. */
export interface CommittedMessage {
  readonly messageId: string;
  readonly type: MessageType;
  readonly event: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly groupId: string | null;
  /** Event time, epoch ms. */
  readonly timestamp: number;
  /** JSON text. */
  readonly properties: string;
  readonly link: { readonly fromId: string; readonly userId: string } | null;
  readonly membership: { readonly userKey: string; readonly groupId: string } | null;
  readonly traitWrites: readonly CommittedTrait[];
}

/** What one write added, as committed (duplicates removed). */
export interface CommittedWrite {
  readonly workspaceId: string;
  readonly messages: readonly CommittedMessage[];
  readonly traits: readonly (CommittedTrait & { readonly timestamp: number | null })[];
  readonly outcomes: readonly OutcomeRow[];
  /** The rows' sequence numbers, when the store tells them: one per message, one per trait. */
  readonly seqs?: { readonly messages: readonly number[]; readonly traits: readonly number[] };
}

export type CommitListener = (
  writes: readonly CommittedWrite[],
  committedAt: number,
  range?: SeqRange,
) => void;

export interface CommitSource {
  /** Calls `listener` after each commit; returns the function that stops listening. */
  onCommit(listener: CommitListener): () => void;
  /** Resolves once every write accepted so far has committed (and been announced). */
  flushed(): Promise<void>;
  /**
   * The last sequence number committed, for a store this process alone writes (every commit up to
   * it has been announced); absent where others may write too (the engine then asks the database).
   */
  lastCommittedSeq?(): number;
}
