import { describe, expect, it } from 'vitest';
import { dead, delivered, retry } from './outcome.ts';
import { DEFAULT_RETRY_SCHEDULE, maxAttempts, nextStep } from './retry-schedule.ts';

const failed = retry(503, null, 'HTTP 503');
const middle = () => 0.5;
const HOUR = 3_600_000;
const young = 1000;

const delay = (attempt: number, outcome = failed, rng = middle) => {
  const step = nextStep(attempt, outcome, young, rng);
  return step.kind === 'retry' ? step.delayMs : step.kind;
};

describe('nextStep', () => {
  it('follows the schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then stops', () => {
    const delays = Array.from({ length: 8 }, (_, i) => delay(i + 1));
    expect(delays).toEqual([
      5_000,
      300_000,
      1_800_000,
      7_200_000,
      18_000_000,
      36_000_000,
      36_000_000,
      'stop',
    ]);
    expect(maxAttempts()).toBe(8);
  });

  it('spreads delays by the jitter and no further', () => {
    expect(delay(2, failed, () => 0)).toBe(240_000);
    expect(delay(2, failed, () => 0.999_999)).toBeCloseTo(360_000, -1);
  });

  it('waits the larger of the schedule and Retry-After on a failure, Retry-After capped', () => {
    expect(delay(2, retry(503, 2000, 'HTTP 503'))).toBe(300_000);
    expect(delay(1, retry(503, 60_000, 'HTTP 503'))).toBe(60_000);
    expect(delay(1, retry(503, 99 * HOUR, 'HTTP 503'))).toBe(DEFAULT_RETRY_SCHEDULE.maxRetryAfterMs);
  });

  it('defers a 429 without spending an attempt, even when the schedule is spent', () => {
    expect(nextStep(3, retry(429, 2000, 'HTTP 429'), young, middle)).toEqual({
      kind: 'defer',
      delayMs: 2000,
    });
    expect(nextStep(8, retry(429, 2000, 'HTTP 429'), young, middle)).toEqual({
      kind: 'defer',
      delayMs: 2000,
    });
    expect(nextStep(1, retry(429, null, 'HTTP 429'), young, middle)).toEqual({
      kind: 'defer',
      delayMs: 60_000,
    });
    // Retry-After: 0 would be a busy loop.
    expect(nextStep(1, retry(429, 0, 'HTTP 429'), young, middle)).toEqual({ kind: 'defer', delayMs: 1000 });
  });

  it('counts a 429 as an attempt once the delivery has been rate-limited for the cap', () => {
    const old = DEFAULT_RETRY_SCHEDULE.rateLimitedForMs;
    expect(nextStep(2, retry(429, 2000, 'HTTP 429'), old, middle)).toEqual({
      kind: 'retry',
      delayMs: 300_000,
    });
    expect(nextStep(8, retry(429, 2000, 'HTTP 429'), old, middle)).toEqual({ kind: 'stop' });
  });

  it('never retries what was delivered or is dead', () => {
    expect(nextStep(1, delivered(200), young, middle)).toEqual({ kind: 'stop' });
    expect(nextStep(1, dead(400, 'HTTP 400'), young, middle)).toEqual({ kind: 'stop' });
  });
});
