/**
 * An alert: what every destination receives about one qualification. Built once from the
 * qualification's receipt and routing decision; destinations only render and send it. Alerts wait
 * in the outbox as JSON, so fields added later are optional: an alert stored by an older version
 * is still delivered.
 */
import type { EntityType } from '../model/dataset.ts';

export interface AlertReason {
  /** Signal name in the definition: for machines, never shown to people. */
  readonly signal: string;
  /** The behaviour in plain words, with its evidence: "Teammate Invited ×5 in the last 7 days". */
  readonly text: string;
  /** What it added to the score: negative for a deduction, 0 for a hand-raiser without points. */
  readonly points: number;
  readonly kind?: 'hand_raiser' | 'positive' | 'negative';
  /** The behaviour alone: the signal's label, else words from its definition ("Requested a demo"). */
  readonly label?: string;
  /** The evidence alone: "Demo Requested ×1 in the last 30 days, last 1 hour ago". */
  readonly evidence?: string;
}

/** The person behind the trigger: for an account, the member whose event qualified it. */
export interface AlertPerson {
  readonly name: string | null;
  readonly email: string | null;
}

export interface AlertOwner {
  readonly email: string | null;
  readonly name: string | null;
  readonly team: string | null;
  /** Slack member id (`U…`): Slack alerts mention the owner. Absent from older stored alerts. */
  readonly slackUserId?: string | null;
}

/** Set when the alert is an SLA escalation rather than a new qualification. */
export interface AlertEscalation {
  /** ISO-8601: when the first contact was due. */
  readonly missedDueAt: string;
  /** Who held the lead when the SLA was missed. */
  readonly previousOwner: AlertOwner | null;
  /** True when the lead moved to `Alert.owner`; false when the owner was kept. */
  readonly reassigned: boolean;
}

export interface Alert {
  /** The qualification id: stable across retries, the base of every idempotency key. */
  readonly id: string;
  readonly workspaceId: string;
  readonly entityType: EntityType;
  readonly entityId: string;
  /** A person's or company's display name, when traits give one. */
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
  readonly score: number;
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly handRaiser: boolean;
  readonly definition: { readonly name: string; readonly version: string };
  /** ISO-8601. */
  readonly asOf: string;
  readonly triggeringEvent: { readonly event: string; readonly at: string } | null;
  /** Hand-raisers first, then the strongest. */
  readonly reasons: readonly AlertReason[];
  /** What took points away, most first. */
  readonly deductions?: readonly AlertReason[];
  readonly person?: AlertPerson | null;
  /** The routing rule that sent the alert. */
  readonly rule?: string | null;
  readonly escalation?: AlertEscalation | null;
  readonly owner: AlertOwner | null;
  readonly nextAction: { readonly text: string; readonly dueAt: string } | null;
  readonly draft: { readonly subject: string; readonly body: string };
  /** Link to the lead in the dashboard, when a base URL is configured. */
  readonly leadUrl: string | null;
}
