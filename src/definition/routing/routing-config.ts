/**
 * The routing configuration: the `routing:` section of kindling.yml (plus the digest schedules of
 * `destinations:`), validated and resolved into plain frozen data, as `ir.ts` is for scoring. The
 * pure decision in `src/route/` reads only this. It is deliberately NOT part of the scoring IR:
 * changing who gets a lead never changes `definitionVersion(ir)`.
 *
 * Durations are milliseconds; times of day are minutes after local midnight in an IANA time zone;
 * e-mail addresses and domains are lower-cased.
 */
import type { Comparison } from '../ir.ts';

export interface RoutingConfig {
  /** IANA time zone for `same_day` SLAs and digest times (`UTC` by default). */
  readonly timezone: string;
  /** When a working day ends (`day_ends_at`, default 18:00), in minutes after local midnight. */
  readonly dayEndsAt: number;
  /** Default time of a daily digest (`digest_at`, default 09:00), in minutes after local midnight. */
  readonly digestAt: number;
  /**
   * `routing.calendar`: the open hours business SLAs (`4 business hours`, `1 business day`) count,
   * and the business day `same_day` ends with. Null: no calendar (business SLAs are then an error).
   */
  readonly calendar: BusinessCalendar | null;
  /** No repeat alert for the same entity within this period unless its tier rises; 0 = off. */
  readonly cooldownMs: number;
  /** The definition's tier names, lowest first: what "the tier rises" means. */
  readonly tierOrder: readonly string[];
  readonly suppress: SuppressConfig;
  /** Team name → team, in file order. */
  readonly teams: Readonly<Record<string, Team>>;
  /** Tried in order; the first whose `when` holds routes the lead. */
  readonly rules: readonly Rule[];
  /**
   * Destination name → its daily digest, for every destination that can receive digests: those
   * with `digest:` under `destinations:` (everything routed to them waits for the digest) and
   * those a rule lists under `digest:` (that rule's alerts only).
   */
  readonly digests: Readonly<Record<string, DigestSchedule>>;
  /** Destinations with their own `digest:`: every alert routed to them goes to the digest. */
  readonly digestOnly: readonly string[];
}

export interface SuppressConfig {
  /** Honour the do-not-contact list (the `suppressions` table). Default true. */
  readonly doNotContact: boolean;
  /** Domains (a lead's domain equal to one, or a subdomain of one, is suppressed). */
  readonly competitors: readonly string[];
  /** Suppress free-mail addresses (gmail.com, …) unless the lead is a hand-raiser. Default false. */
  readonly personalEmail: boolean;
  /** Accounts in an active deal: this condition holding suppresses the lead. */
  readonly activeDeal: Condition | null;
  readonly churned: ChurnedConfig | null;
}

export interface ChurnedConfig {
  /** A churn (the latest `churned` outcome, or the date in `dateTrait`) this recent suppresses. */
  readonly withinMs: number;
  /** A trait holding the churn time (ISO-8601 text or epoch milliseconds). */
  readonly dateTrait: string | null;
  /** A trait condition meaning "recently churned" by itself (e.g. a CRM flag). */
  readonly when: Condition | null;
}

/** A condition on the lead: its tier, hand-raiser flag, score and traits. */
export type Condition =
  | { readonly kind: 'tier'; readonly tiers: readonly string[] }
  | { readonly kind: 'hand_raiser'; readonly value: boolean }
  | { readonly kind: 'score'; readonly comparison: Comparison }
  | { readonly kind: 'trait'; readonly trait: string; readonly comparison: Comparison }
  | { readonly kind: 'all' | 'any'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition };

export interface Person {
  readonly email: string;
  readonly name: string | null;
  /** The member's own time zone: their business clock runs on the calendar's hours there. */
  readonly timezone: string | null;
  /** Slack member id (`U…`): Slack alerts mention them. */
  readonly slackUserId: string | null;
}

/** Who owns a lead, as stored on it and shown in alerts. `team` is a label such as "AE". */
export interface Owner {
  readonly email: string;
  readonly name: string | null;
  readonly team: string | null;
  /** Slack member id (`U…`), from the member's `slack_user_id` or a trait; Slack alerts mention it. */
  readonly slackUserId?: string | null;
}

/** Days of the week as `Date.getUTCDay()` counts them: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface BusinessCalendar {
  /** IANA time zone of the hours and holidays (an owner's own `timezone` replaces it for them). */
  readonly timezone: string;
  readonly workdays: readonly Weekday[];
  /** Minutes after local midnight; `opensAt < closesAt` (no hours across midnight). */
  readonly opensAt: number;
  readonly closesAt: number;
  /** Local dates (`2026-12-25`) on which nothing is open. */
  readonly holidays: readonly string[];
}

/** How a rule (or a fallback) finds an owner. */
export type OwnerSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'person'; readonly owner: Owner }
  /** Round robin within a team, under its capacity cap. */
  | { readonly kind: 'team'; readonly team: string }
  /** The e-mail held by a trait (e.g. the account's CRM owner); `otherwise` when it is unset. */
  | {
      readonly kind: 'trait';
      readonly trait: string;
      readonly nameTrait: string | null;
      /** The trait holding the owner's Slack member id, for mentions. */
      readonly slackUserIdTrait: string | null;
      readonly teamLabel: string | null;
      readonly otherwise: OwnerSpec;
    }
  /** The first entry whose values contain the trait's value; `otherwise` when none does. */
  | {
      readonly kind: 'territory';
      readonly trait: string;
      readonly map: readonly TerritoryEntry[];
      readonly otherwise: OwnerSpec;
    };

export interface TerritoryEntry {
  readonly values: readonly (string | number | boolean)[];
  readonly owner: OwnerSpec;
}

export interface Team {
  readonly name: string;
  /** Shown as the owner's team (default: the team's name). */
  readonly label: string;
  readonly members: readonly Person[];
  /** At most this many open leads per member; null = no cap. */
  readonly maxOpen: number | null;
  /** Where a lead goes when every member is at the cap (default: unassigned). */
  readonly whenFull: OwnerSpec;
}

/**
 * `4h`, `24h` (a wall-clock duration); `same_day`: the end of the business day (with a calendar),
 * else the next `day_ends_at` in the time zone; `4 business hours` / `1 business day`: that much
 * open time on the calendar (a business day is the length of one day's hours).
 */
export type Sla =
  | { readonly kind: 'duration'; readonly ms: number }
  | { readonly kind: 'same_day' }
  | { readonly kind: 'business'; readonly unit: 'hour' | 'day'; readonly count: number };

export interface Rule {
  readonly name: string;
  readonly when: Condition;
  readonly owner: OwnerSpec;
  /** Sent at once, unless the destination has its own `digest:`. */
  readonly notify: readonly string[];
  /** Sent in the destination's next daily digest. */
  readonly digest: readonly string[];
  readonly sla: Sla | null;
  /** Plain words for the owner ("Call within 4 hours"); derived from the SLA when absent. */
  readonly nextAction: string | null;
  readonly escalate: Escalation | null;
}

export type EscalationTarget =
  | { readonly kind: 'keep' }
  | { readonly kind: 'next_in_team' }
  | { readonly kind: 'owner'; readonly owner: OwnerSpec };

export interface Escalation {
  /** Grace after the SLA due time before escalating (default 0). */
  readonly afterMs: number;
  readonly to: EscalationTarget;
  /** Destinations alerted on a breach (e.g. a managers' channel). */
  readonly notify: readonly string[];
  /** The new owner's SLA; the rule's when null. */
  readonly sla: Sla | null;
}

export interface DigestSchedule {
  /** Minutes after local midnight. */
  readonly at: number;
  readonly timezone: string;
  /** The weekdays it goes out (`on: [mon]`: a weekly digest); null = every day. */
  readonly days: readonly Weekday[] | null;
}
