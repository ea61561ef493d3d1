/**
 * What the outbox worker calls. A destination renders an `Alert` for one kind of receiver and sends
 * it once; the worker owns persistence, scheduling, retries (retry-schedule.ts) and pacing
 * (rate-limiter.ts, with `rateLimit` below).
 */
import type { Alert } from './alert.ts';
import type { DeliveryNotice } from './delivery-notice.ts';
import type { Resolve } from './network-guard.ts';
import type { DeliveryOutcome } from './outcome.ts';
import type { RateRule } from './rate-limiter.ts';

export const DESTINATION_KINDS = ['slack', 'webhook', 'email', 'hubspot', 'salesforce', 'log'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export interface DeliveryContext {
  /** Stable across attempts of one delivery (e.g. `deliveryKey(alert.id, destination.name)`). */
  readonly idempotencyKey: string;
  /** 1-based. */
  readonly attempt: number;
  /** Aborts the attempt (shutdown); the outcome is then a `retry`. */
  readonly signal?: AbortSignal;
}

export interface Destination {
  readonly name: string;
  readonly kind: DestinationKind;
  /** Bucket key, rule, and how many requests one `send` makes at most (the tokens to take). */
  readonly rateLimit: { readonly key: string; readonly rule: RateRule; readonly cost: number };
  send(alert: Alert, ctx: DeliveryContext): Promise<DeliveryOutcome>;
}

export interface DigestDestination extends Destination {
  /** Many alerts in one message (the daily e-mail digest). */
  sendDigest(alerts: readonly Alert[], ctx: DeliveryContext): Promise<DeliveryOutcome>;
}

/** A destination that can also tell a person about another destination's failures (`on_failure`). */
export interface NoticeDestination extends Destination {
  sendNotice(notice: DeliveryNotice, ctx: DeliveryContext): Promise<DeliveryOutcome>;
}

export function isNoticeDestination(destination: Destination): destination is NoticeDestination {
  return 'sendNotice' in destination && typeof destination.sendNotice === 'function';
}

/** What a destination needs from its surroundings; injected so tests need no global state. */
export interface DestinationDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  /** Where relative file paths (a `log` destination's `path`) resolve; default the working directory. */
  readonly baseDir?: string;
  /** Where a `log` destination prints; default process.stdout. */
  readonly stdout?: { write(text: string): unknown };
  /** Name resolution for outgoing connections (network-guard.ts); default: the system's. */
  readonly resolve?: Resolve;
}

/** The idempotency key of one alert at one destination: the same on every attempt. */
export function deliveryKey(alertId: string, destinationName: string): string {
  return `${alertId}:${destinationName}`;
}
