/**
 * What the decision reads and returns: the facts of one qualification, the state the caller read
 * from the database (see routing-state-sql.ts), and the decision. All plain data.
 */
import type { Owner } from '../definition/routing/routing-config.ts';
import type { JsonValue } from '../lib/json.ts';
import type { EntityType } from '../model/dataset.ts';
import type { RoutingReason } from './reason-codes.ts';

export interface LeadFacts {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly handRaiser: boolean;
  readonly score: number;
  /** The person's e-mail (for an account: a contact's, when known). */
  readonly email: string | null;
  /** The company domain (`domain:acme.com` account ids are accepted as `acme.com`). */
  readonly domain: string | null;
  /**
   * Trait values as of `asOf`. For an account definition, the account's traits (a condition may
   * also write them as `account.<key>`); for a user definition, the user's traits plus the
   * account's under `account.<key>`.
   */
  readonly traits: Readonly<Record<string, JsonValue>>;
  /** Epoch ms: the qualification's `as_of`. */
  readonly asOf: number;
  /** For a user definition, the user's account (its churn also counts); optional. */
  readonly accountId?: string | null;
}

export interface LastAlert {
  readonly tier: string | null;
  readonly handRaiser: boolean;
  /** Epoch ms: the alerted qualification's `as_of`. */
  readonly at: number;
}

export interface SuppressionMatch {
  readonly kind: 'email' | 'domain';
  readonly value: string;
  readonly reason: string | null;
}

export interface RoutingState {
  /** The owner stored on the entity's lead, if any: kept (assignments are stable). */
  readonly existingOwner: Owner | null;
  /** The entity's latest alerted qualification, for the cooldown. */
  readonly lastAlert: LastAlert | null;
  /** Owner e-mail (lower case) → open leads, for capacity caps and round robin. */
  readonly openLeadsByOwner: ReadonlyMap<string, number>;
  /** Owner e-mail (lower case) → when they were last assigned a lead (epoch ms). */
  readonly lastAssignedAtByOwner: ReadonlyMap<string, number>;
  /** The do-not-contact entry matching the e-mail or domain, if any. */
  readonly suppression: SuppressionMatch | null;
  /** The latest `churned` outcome at or before `asOf` (epoch ms), if any. */
  readonly churnedAt: number | null;
}

export type RoutingStatus = 'alert' | 'suppressed' | 'cooldown' | 'no-alert';

/**
 * How the owner was found: kept from the lead; from a trait; round robin in a team; a named person;
 * `unassigned` when the rule wanted an owner and none could be found (every member at the cap and
 * no fallback, a trait unset with no `otherwise`); `none` when the rule names no owner.
 */
export type Assignment = 'kept' | 'trait' | 'round-robin' | 'person' | 'unassigned' | 'none';

export interface RoutingDecision {
  /** The rule that matched; null when suppressed or when none matched. */
  readonly rule: string | null;
  readonly status: RoutingStatus;
  readonly reason: RoutingReason;
  /** The decision in plain words, for people reading the qualification. */
  readonly detail: string;
  readonly owner: Owner | null;
  readonly assignment: Assignment;
  /** Alerted at once. */
  readonly destinations: readonly string[];
  /** Listed in the destination's next daily digest. */
  readonly digestDestinations: readonly string[];
  readonly slaDueAt: number | null;
  readonly nextAction: string | null;
}
