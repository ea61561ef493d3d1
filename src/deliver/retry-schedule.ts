/**
 * When to try a failed delivery again, as plain data: the outbox stores the attempt number and asks
 * `nextAttemptDelay`; null means stop (delivered, dead, or out of attempts: dead-letter it).
 */
import type { DeliveryOutcome } from './outcome.ts';

export interface RetrySchedule {
  /** Delay before attempt n+1 is `delaysMs[n]`; attempt 1 goes at once; its length is the attempt cap. */
  readonly delaysMs: readonly number[];
  /** ±fraction applied to each delay, so retries of many alerts do not arrive together. */
  readonly jitter: number;
  /** A receiver's `Retry-After` is obeyed up to this. */
  readonly maxRetryAfterMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitter: 0.2,
  maxRetryAfterMs: 10 * HOUR,
};

/**
 * `attempt` is the 1-based number of the attempt that produced `outcome`; `rng` returns [0, 1).
 * A `Retry-After` replaces the scheduled delay: the receiver knows when it will be ready.
 */
export function nextAttemptDelay(
  attempt: number,
  outcome: DeliveryOutcome,
  rng: () => number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
): number | null {
  if (outcome.kind !== 'retry') return null;
  const base = schedule.delaysMs[attempt];
  if (base === undefined || attempt < 1) return null;
  if (outcome.retryAfterMs !== null)
    return Math.min(Math.max(0, outcome.retryAfterMs), schedule.maxRetryAfterMs);
  const spread = schedule.jitter * (2 * rng() - 1);
  return Math.max(0, Math.round(base * (1 + spread)));
}

export function maxAttempts(schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE): number {
  return schedule.delaysMs.length;
}
