import { describe, expect, it } from 'vitest';
import { dead, delivered, retry } from './outcome.ts';
import { DEFAULT_RETRY_SCHEDULE, maxAttempts, nextAttemptDelay } from './retry-schedule.ts';

const failed = retry(503, null, 'HTTP 503');
const middle = () => 0.5;

describe('nextAttemptDelay', () => {
  it('follows the schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then stops', () => {
    const delays = Array.from({ length: 8 }, (_, i) => nextAttemptDelay(i + 1, failed, middle));
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000, null]);
    expect(maxAttempts()).toBe(8);
  });

  it('spreads delays by the jitter and no further', () => {
    expect(nextAttemptDelay(2, failed, () => 0)).toBe(240_000);
    expect(nextAttemptDelay(2, failed, () => 0.999_999)).toBeCloseTo(360_000, -1);
  });

  it('obeys Retry-After instead of the schedule, up to the cap', () => {
    expect(nextAttemptDelay(3, retry(429, 2000, 'HTTP 429'), middle)).toBe(2000);
    expect(nextAttemptDelay(1, retry(429, 99 * 3_600_000, 'HTTP 429'), middle)).toBe(
      DEFAULT_RETRY_SCHEDULE.maxRetryAfterMs,
    );
  });

  it('never retries what was delivered or is dead', () => {
    expect(nextAttemptDelay(1, delivered(200), middle)).toBeNull();
    expect(nextAttemptDelay(1, dead(400, 'HTTP 400'), middle)).toBeNull();
  });
});
