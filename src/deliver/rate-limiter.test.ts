import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLACK_RATE } from './destinations/slack.ts';
import { createRateLimiter } from './rate-limiter.ts';

describe('createRateLimiter', () => {
  it('lets one Slack message a second through and says how long to wait', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    const rule = { requests: 1, perMs: 1000 };
    expect(limiter.take('slack:sales', rule)).toBe(0);
    expect(limiter.take('slack:sales', rule)).toBe(1000);
    expect(limiter.take('slack:other', rule)).toBe(0);
    now = 400;
    expect(limiter.take('slack:sales', rule)).toBe(600);
    now = 1000;
    expect(limiter.take('slack:sales', rule)).toBe(0);
  });

  it("lets Slack's short bursts through at once, then one a second on average", () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take('slack:sales', SLACK_RATE))).toEqual([0, 0, 0]);
    expect(limiter.take('slack:sales', SLACK_RATE)).toBe(1000);
    now = 1000;
    expect(limiter.take('slack:sales', SLACK_RATE)).toBe(0);
    expect(limiter.take('slack:sales', SLACK_RATE)).toBe(1000);
    now = 10_000; // quiet for a while: the burst is back, never more than it
    expect([1, 2, 3, 4].map(() => limiter.take('slack:sales', SLACK_RATE))).toEqual([0, 0, 0, 1000]);
  });

  it('takes nothing for a paused key until the pause is over', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    const rule = { requests: 20, perMs: 1000 };
    limiter.pause('webhook:crm', 5000);
    limiter.pause('webhook:crm', 3000);
    expect(limiter.take('webhook:crm', rule)).toBe(5000);
    expect(limiter.take('webhook:other', rule)).toBe(0);
    now = 5000;
    expect(limiter.take('webhook:crm', rule)).toBe(0);
  });

  it('never allows more than N requests in any window, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 100, max: 10_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 6 })), {
          maxLength: 400,
        }),
        (requests, perMs, arrivals) => {
          let now = 0;
          const limiter = createRateLimiter(() => now);
          const granted: number[] = [];
          for (const [gap, cost] of arrivals) {
            now += gap;
            const effective = Math.min(cost, Math.max(1, Math.ceil(requests / 2)));
            if (limiter.take('k', { requests, perMs }, cost) === 0) {
              for (let i = 0; i < effective; i += 1) granted.push(now);
            }
          }
          for (const [i, at] of granted.entries()) {
            const inWindow = granted.slice(i).filter((t) => t < at + perMs).length;
            if (inWindow > requests) return false;
          }
          return true;
        },
      ),
    );
  });

  it('grants the tokens when the returned wait has passed', () => {
    let now = 0;
    const limiter = createRateLimiter(() => now);
    const rule = { requests: 100, perMs: 10_000 };
    for (let i = 0; i < 8; i += 1) expect(limiter.take('hubspot', rule, 6)).toBe(0);
    const wait = limiter.take('hubspot', rule, 6);
    expect(wait).toBeGreaterThan(0);
    now += wait;
    expect(limiter.take('hubspot', rule, 6)).toBe(0);
  });
});
