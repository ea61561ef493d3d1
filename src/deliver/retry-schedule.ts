/**
 * When to try a failed delivery again, as plain data: the outbox stores the attempt number and asks
 * `nextStep`: retry (an attempt was spent), defer (the receiver is rate-limiting: no attempt spent),
 * or stop (delivered, dead, or out of attempts: dead-letter it).
 */
import type { DeliveryOutcome } from './outcome.ts';

export interface RetrySchedule {
  /** Delay before attempt n+1 is `delaysMs[n]`; attempt 1 goes at once; its length is the attempt cap. */
  readonly delaysMs: readonly number[];
  /** ±fraction applied to each delay, so retries of many alerts do not arrive together. */
  readonly jitter: number;
  /** A receiver's `Retry-After` is obeyed up to this. */
  readonly maxRetryAfterMs: number;
  /**
   * A 429 defers a delivery without spending an attempt while the delivery is younger than this
   * (since it was enqueued); after that a 429 counts as a failed attempt like a 503.
   */
  readonly rateLimitedForMs: number;
  /** How long a 429 without `Retry-After` defers (jittered); `Retry-After` is obeyed but never below 1 s. */
  readonly rateLimitDelayMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The shortest deferral: a `Retry-After: 0` must not turn the worker into a busy loop. */
const MIN_RATE_LIMIT_DELAY_MS = SECOND;

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitter: 0.2,
  maxRetryAfterMs: 10 * HOUR,
  rateLimitedForMs: 24 * HOUR,
  rateLimitDelayMs: MINUTE,
};

export type NextStep =
  /** The attempt counted; try again after `delayMs`. */
  | { readonly kind: 'retry'; readonly delayMs: number }
  /** The receiver asked to slow down: try again after `delayMs`, the attempt not counted. */
  | { readonly kind: 'defer'; readonly delayMs: number }
  /** Delivered, refused for good, or out of attempts. */
  | { readonly kind: 'stop' };

/**
 * `attempt` is the 1-based number of the attempt that produced `outcome`; `ageMs` how long ago the
 * delivery was enqueued; `rng` returns [0, 1). Rate limiting (429) is not failure: it defers without
 * spending an attempt, for `rateLimitedForMs`. Any other retry waits the larger of the schedule and
 * the receiver's `Retry-After`, so a short `Retry-After` cannot burn the schedule.
 */
export function nextStep(
  attempt: number,
  outcome: DeliveryOutcome,
  ageMs: number,
  rng: () => number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
): NextStep {
  if (outcome.kind !== 'retry' || attempt < 1) return { kind: 'stop' };
  const retryAfter =
    outcome.retryAfterMs === null
      ? null
      : Math.min(Math.max(0, outcome.retryAfterMs), schedule.maxRetryAfterMs);
  if (outcome.status === 429 && ageMs < schedule.rateLimitedForMs) {
    const delayMs = retryAfter ?? jittered(schedule.rateLimitDelayMs, rng, schedule);
    return { kind: 'defer', delayMs: Math.max(MIN_RATE_LIMIT_DELAY_MS, delayMs) };
  }
  const base = schedule.delaysMs[attempt];
  if (base === undefined) return { kind: 'stop' };
  return { kind: 'retry', delayMs: Math.max(jittered(base, rng, schedule), retryAfter ?? 0) };
}

export function maxAttempts(schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE): number {
  return schedule.delaysMs.length;
}

function jittered(ms: number, rng: () => number, schedule: RetrySchedule): number {
  const spread = schedule.jitter * (2 * rng() - 1);
  return Math.max(0, Math.round(ms * (1 + spread)));
}
