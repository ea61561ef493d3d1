import { describe, expect, it } from 'vitest';
import { AuthThrottle, sourceOf } from './auth-throttle.ts';

const LIMITS = { failures: 5, refillMs: 2_000, maxSources: 3 };

describe('AuthThrottle', () => {
  it('lets a source fail `failures` times, then asks it to wait until one more is allowed', () => {
    let now = 0;
    const throttle = new AuthThrottle(() => now, LIMITS);
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfter('1.2.3.4')).toBeNull();
      throttle.failed('1.2.3.4');
    }
    expect(throttle.retryAfter('1.2.3.4')).toBe(2);
    expect(throttle.retryAfter('5.6.7.8')).toBeNull(); // another source is not touched
    now += 1_000;
    expect(throttle.retryAfter('1.2.3.4')).toBe(1);
    now += 1_000;
    expect(throttle.retryAfter('1.2.3.4')).toBeNull();
    throttle.failed('1.2.3.4');
    expect(throttle.retryAfter('1.2.3.4')).toBe(2);
  });

  it('remembers a bounded number of sources, forgetting recovered ones first, then the oldest', () => {
    let now = 0;
    const throttle = new AuthThrottle(() => now, LIMITS);
    throttle.failed('a');
    now += 60_000; // a has recovered
    for (const source of ['b', 'c', 'd']) for (let i = 0; i < 5; i++) throttle.failed(source);
    expect(throttle.trackedSources).toBe(3);
    expect(throttle.retryAfter('b')).not.toBeNull();
    throttle.failed('e');
    expect(throttle.trackedSources).toBe(3);
    expect(throttle.retryAfter('b')).toBeNull(); // the oldest blocked one made room
    expect(throttle.retryAfter('d')).not.toBeNull();
  });
});

describe('sourceOf', () => {
  it('throttles IPv4 by address, IPv4-mapped as IPv4, and IPv6 by /64', () => {
    expect(sourceOf('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(sourceOf('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
    expect(sourceOf('2001:0db8:0000:0001:ffff::9')).toBe('2001:db8:0:1::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf(undefined)).toBe('unknown');
  });
});
