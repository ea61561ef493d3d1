/**
 * The data model every evaluator sees (DEFINITION-LANGUAGE.md, "Data model the language sees").
 * The store produces it (in memory for the reference evaluator, as tables for SQL);
 * times are epoch milliseconds, UTC.
 */
import type { JsonObject, JsonValue } from '../lib/json.ts';

export type MessageType = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';
export const COUNTED_TYPES: readonly MessageType[] = ['track', 'page', 'screen'];

/** One stored message. Only `track`, `page` and `screen` are counted as events by signals. */
export interface StoredEvent {
  readonly messageId: string;
  readonly type: MessageType;
  /** `track` event name; `$page` for page calls and `$screen` for screen calls; null otherwise. */
  readonly event: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** `context.groupId` for counted events, the `groupId` of a `group` call. */
  readonly groupId: string | null;
  /** Corrected timestamp (clock skew applied), epoch ms. */
  readonly timestamp: number;
  readonly properties: JsonObject;
}

/**
 * `identify` (anonymousId → userId) or `alias` (previousId → userId). Resolution is one hop:
 * an event's user key is `userId ?? anonymousId`; as of T it belongs to the target of the
 * earliest link from that key with `timestamp ≤ T`, else to the key itself.
 */
export interface IdentityLink {
  readonly fromId: string;
  readonly userId: string;
  readonly timestamp: number;
}

/** A `group` call: the user key (`userId ?? anonymousId`) joins account `groupId` from `timestamp`. */
export interface Membership {
  readonly userKey: string;
  readonly groupId: string;
  readonly timestamp: number;
}

export type EntityType = 'user' | 'account';

/**
 * One trait value set at a time: from `identify` (user, keyed by `userId ?? anonymousId`),
 * `group` (account), or an import. `timestamp: null` means set since the beginning of time.
 * Ties on timestamp are broken by `seq` (the larger, later-stored one wins).
 */
export interface TraitRecord {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly key: string;
  readonly value: JsonValue;
  readonly timestamp: number | null;
  readonly seq: number;
}

export interface Dataset {
  readonly events: readonly StoredEvent[];
  readonly links: readonly IdentityLink[];
  readonly memberships: readonly Membership[];
  readonly traits: readonly TraitRecord[];
}

export interface EvaluationOptions {
  /** Place users with no account in `domain:<domain>` from their `email` trait (free-mail excluded). */
  readonly domainAccounts: boolean;
}
