/**
 * What the engine needs to hear from a store: what each commit added, after it committed. Declared
 * here, in the engine's own words, so any store can feed it (the embedded one's group-commit writer,
 * or a store on PostgreSQL); a store's richer write type fits it structurally.
 */
import type { OutcomeRow } from '../store/store.ts';

/** One message as committed, with what it implies (only what qualification reacts to). */
export interface CommittedMessage {
  readonly event: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  readonly groupId: string | null;
  /** Event time, epoch ms. */
  readonly timestamp: number;
  readonly link: { readonly fromId: string; readonly userId: string } | null;
  readonly membership: { readonly userKey: string; readonly groupId: string } | null;
  readonly traitWrites: readonly { readonly entityType: 'user' | 'account'; readonly entityId: string }[];
}

/** What one write added, as committed (duplicates removed). */
export interface CommittedWrite {
  readonly workspaceId: string;
  readonly messages: readonly CommittedMessage[];
  readonly traits: readonly { readonly entityType: 'user' | 'account'; readonly entityId: string }[];
  readonly outcomes: readonly OutcomeRow[];
}

export type CommitListener = (writes: readonly CommittedWrite[], committedAt: number) => void;

export interface CommitSource {
  /** Calls `listener` after each commit; returns the function that stops listening. */
  onCommit(listener: CommitListener): () => void;
  /** Resolves once every write accepted so far has committed (and been announced). */
  flushed(): Promise<void>;
}
