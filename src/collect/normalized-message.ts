/** A message after validation and normalisation: what the store appends, plus what it implies. */
import type { SegmentType } from './message-schema.ts';

export interface TraitWrite {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly key: string;
  /** JSON text of the value. */
  readonly value: string;
}

export interface NormalizedMessage {
  readonly messageId: string;
  readonly type: SegmentType;
  /** Track event name, `$page`, `$screen`, or null for identify/group/alias. */
  readonly event: string | null;
  readonly name: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** `groupId` of a group call, else `context.groupId`. */
  readonly groupId: string | null;
  readonly previousId: string | null;
  /** Corrected event time, epoch ms. */
  readonly timestamp: number;
  readonly receivedAt: number;
  readonly sentAt: number | null;
  readonly originalTimestamp: number | null;
  /** JSON texts. */
  readonly properties: string;
  readonly traits: string | null;
  readonly context: string | null;
  /** Identity link implied by identify/alias: `fromId` now belongs to `userId`. */
  readonly link: { readonly fromId: string; readonly userId: string } | null;
  /** Membership implied by a group call: user key joins `groupId`. */
  readonly membership: { readonly userKey: string; readonly groupId: string } | null;
  readonly traitWrites: readonly TraitWrite[];
  /** Paths of the keys removed as unsafe (`properties.__proto__`), reported to the sender and counted. */
  readonly droppedKeys: readonly string[];
}
