/**
 * An alert: what every destination receives about one qualification. Built once from the
 * qualification's receipt and routing decision; destinations only render and send it.
 */
import type { EntityType } from '../model/dataset.ts';

export interface AlertReason {
  /** Signal name in the definition. */
  readonly signal: string;
  /** The behaviour in plain words, with its evidence: "Teammate Invited ×5 in the last 7 days". */
  readonly text: string;
  readonly points: number;
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
  /** Strongest first. */
  readonly reasons: readonly AlertReason[];
  readonly owner: {
    readonly email: string | null;
    readonly name: string | null;
    readonly team: string | null;
    /** Slack member id (`U…`): Slack alerts mention the owner. Absent from older stored alerts. */
    readonly slackUserId?: string | null;
  } | null;
  readonly nextAction: { readonly text: string; readonly dueAt: string } | null;
  readonly draft: { readonly subject: string; readonly body: string };
  /** Link to the lead in the dashboard, when a base URL is configured. */
  readonly leadUrl: string | null;
}
