/**
 * The lead queue's and the lead page's response shapes (GET /api/leads, /api/leads/{type}/{id}),
 * in one module with type-only imports of pure type modules, so the dashboard front end
 * (web/src/types.ts) reads the server's own types instead of a copy.
 */
import type { JsonValue } from '../lib/json.ts';
import type { EntityType } from '../model/dataset.ts';
import type { Receipt } from '../score/explain/receipt.ts';

export interface SignalSummary {
  /** The signal's name in the definition: a key, never shown. */
  readonly signal: string;
  /** The behaviour in words: the signal's label, else a phrase from its definition. */
  readonly label: string | null;
  /** A hand-raiser (first), what added points, or what took points away (last). */
  readonly kind: 'hand_raiser' | 'positive' | 'negative';
  /** Negative for what took points away. */
  readonly points: number;
  readonly text: string;
}

export interface LeadItem {
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
  readonly tier: string | null;
  readonly score: number;
  readonly handRaiser: boolean;
  readonly owner: string | null;
  readonly ownerName: string | null;
  readonly team: string | null;
  readonly rule: string | null;
  readonly status: string;
  readonly slaDueAt: string | null;
  readonly contactedAt: string | null;
  readonly breachedAt: string | null;
  readonly snoozedUntil: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly qualificationId: string;
  readonly definition: { readonly name: string; readonly version: string } | null;
  readonly trigger: { readonly event: string; readonly at: string | null } | null;
  readonly topSignals: readonly SignalSummary[];
}

export interface Facet {
  readonly value: string | null;
  readonly label: string | null;
  readonly count: number;
}

export interface LeadPage {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly leads: readonly LeadItem[];
  readonly facets: {
    readonly tiers: readonly Facet[];
    readonly owners: readonly Facet[];
    readonly statuses: readonly Facet[];
    readonly definitions: readonly Facet[];
  };
}

export interface TimelineItem {
  readonly at: string;
  readonly kind: 'event' | 'trait';
  /** Event name ("Page view" and "Screen view" for page and screen calls), a message type, or the trait key. */
  readonly title: string;
  readonly who: string | null;
  readonly detail: string;
}

export interface LeadDetail {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
  readonly traits: Readonly<Record<string, JsonValue>>;
  readonly lead: LeadItem | null;
  readonly definition: { readonly name: string; readonly version: string } | null;
  readonly receipt: Receipt | null;
  readonly receiptText: string | null;
  /** Each signal of the receipt in words, with its evidence ("Demo Requested ×1 in the last 30 days"). */
  readonly signalTexts: Readonly<Record<string, string>>;
  /** Each signal's behaviour alone, for people: its label, else a phrase ("viewed the pricing page"). */
  readonly signalLabels: Readonly<Record<string, string>>;
  readonly qualifications: readonly QualificationItem[];
  readonly deliveries: readonly DeliveryItem[];
  readonly outcomes: readonly OutcomeItem[];
  readonly timeline: readonly TimelineItem[];
  readonly eventCount: number;
}

export interface QualificationItem {
  readonly id: string;
  readonly kind: string;
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly score: number;
  readonly asOf: string;
  readonly status: string;
  readonly reason: string | null;
  readonly rule: string | null;
  readonly owner: string | null;
  readonly slaDueAt: string | null;
  /** The triggering event's name as stored (`$page` for page calls): a key, never shown. */
  readonly trigger: string | null;
  /** The trigger in words: "viewing the pricing page", "a page view", "Demo Requested". */
  readonly triggerText: string | null;
  readonly definition: string;
  readonly version: string;
  readonly shadow: boolean;
}

export interface DeliveryItem {
  readonly id: string;
  readonly qualificationId: string;
  readonly destination: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly lastDetail: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly nextAttemptAt: string | null;
}

export interface OutcomeItem {
  readonly type: string;
  readonly amount: number | null;
  readonly owner: string | null;
  readonly at: string;
  readonly source: string;
}
