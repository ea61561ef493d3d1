/**
 * What one delivery attempt came to. Expected outcomes are values (STYLE.md): a receiver's 429 is a
 * `retry`, a 400 is `dead`; only a bug throws. Details never hold secrets (see redact.ts).
 */
import type { JsonValue } from '../lib/json.ts';

export type DeliveryOutcome = Delivered | Retry | Dead;

export interface Delivered {
  readonly kind: 'delivered';
  readonly status: number;
  /** What the receiver said that is worth keeping (ids of CRM records, a short body). */
  readonly response?: JsonValue;
}

export interface Retry {
  readonly kind: 'retry';
  /** null: no response (network error, timeout, cancelled). */
  readonly status: number | null;
  /** What the receiver asked for with `Retry-After`; null when it did not say. */
  readonly retryAfterMs: number | null;
  readonly detail: string;
}

export interface Dead {
  readonly kind: 'dead';
  /** null when nothing was sent because the alert cannot be delivered here (no recipient, no email). */
  readonly status: number | null;
  readonly detail: string;
}

export const delivered = (status: number, response?: JsonValue): Delivered =>
  response === undefined ? { kind: 'delivered', status } : { kind: 'delivered', status, response };

export const retry = (status: number | null, retryAfterMs: number | null, detail: string): Retry => ({
  kind: 'retry',
  status,
  retryAfterMs,
  detail,
});

export const dead = (status: number | null, detail: string): Dead => ({ kind: 'dead', status, detail });
