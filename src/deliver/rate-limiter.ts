/**
 * Per-destination pacing (Slack about 1 message/s per channel, HubSpot 100 requests per 10 s). The
 * outbox asks before each send and, when told to wait, schedules the send later: no sleeping here.
 */

/**
 * At most `requests` in any window of `perMs`; or, with `burst`, `requests` per `perMs` on average
 * and up to `burst` at once (a receiver that allows short bursts, like Slack).
 */
export interface RateRule {
  readonly requests: number;
  readonly perMs: number;
  readonly burst?: number | undefined;
}

export interface RateLimiter {
  /** Takes `cost` tokens and returns 0, or takes nothing and returns the ms until they will be there. */
  take(key: string, rule: RateRule, cost?: number): number;
  /** The receiver asked everyone to wait (a 429's `Retry-After`): nothing is taken for `key` before `until`. */
  pause(key: string, until: number): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket whose burst and refill are chosen so that no sliding window of `perMs` ever sees
 * more than `requests`: burst B and refill r allow B + r·W − 1 in a window W, so B = ⌈N/2⌉ and
 * r = (N − B + 1)/W. A plain "N tokens refilled over W" bucket would allow almost 2N. A rule with
 * its own burst is that plain bucket: B = burst, r = N/W.
 */
export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const paused = new Map<string, number>();
  return {
    pause(key, until) {
      paused.set(key, Math.max(until, paused.get(key) ?? 0));
    },
    take(key, rule, cost = 1) {
      const resume = paused.get(key);
      if (resume !== undefined && resume > now()) return resume - now();
      paused.delete(key);
      const burst = rule.burst ?? Math.max(1, Math.ceil(rule.requests / 2));
      const perMs = (rule.burst === undefined ? rule.requests - burst + 1 : rule.requests) / rule.perMs;
      const need = Math.min(Math.max(cost, 0), burst);
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: time };
      bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, time - bucket.at) * perMs);
      bucket.at = time;
      buckets.set(key, bucket);
      if (bucket.tokens + 1e-9 >= need) {
        bucket.tokens -= need;
        return 0;
      }
      return Math.ceil((need - bucket.tokens) / perMs);
    },
  };
}
