/**
 * Throttles failed key checks per source address (a token bucket each): a source may fail
 * `failures` times in a row, then one more time every `refillMs`. A blocked source is answered 429
 * with Retry-After before its key is looked at, so a guess cannot be confirmed while it waits.
 * Successful checks never count and add no delay, and one source's failures never touch another's.
 *
 * Keys are 192 random bits, so this is not what keeps them secret; it stops a client from hammering
 * the key store, and it matters for keys a person chose (KINDLING_ADMIN_KEY, 16 characters and up).
 */

export interface ThrottleLimits {
  /** Failures a source may make before it is refused. */
  readonly failures: number;
  /** One more failure is allowed after this long. */
  readonly refillMs: number;
  /** Sources remembered at most; past it, the ones that have recovered are forgotten, then the oldest. */
  readonly maxSources: number;
}

export const AUTH_THROTTLE_LIMITS: ThrottleLimits = { failures: 30, refillMs: 2_000, maxSources: 10_000 };

interface Bucket {
  tokens: number;
  at: number;
}

export class AuthThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number,
    private readonly limits: ThrottleLimits = AUTH_THROTTLE_LIMITS,
  ) {}

  /** Seconds the source must wait before its next key check; null when it may try now. */
  retryAfter(source: string): number | null {
    const bucket = this.buckets.get(source);
    if (bucket === undefined) return null;
    const tokens = this.refilled(bucket);
    if (tokens >= 1) return null;
    return Math.max(1, Math.ceil(((1 - tokens) * this.limits.refillMs) / 1000));
  }

  /** A key check from this source failed. */
  failed(source: string): void {
    const bucket = this.buckets.get(source);
    const tokens = bucket === undefined ? this.limits.failures : this.refilled(bucket);
    this.buckets.delete(source); // re-inserted last: the map's order is least recently failed first
    this.buckets.set(source, { tokens: Math.max(0, tokens - 1), at: this.now() });
    if (this.buckets.size > this.limits.maxSources) this.forgetSome();
  }

  get trackedSources(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket): number {
    const elapsed = Math.max(0, this.now() - bucket.at);
    return Math.min(this.limits.failures, bucket.tokens + elapsed / this.limits.refillMs);
  }

  private forgetSome(): void {
    for (const [source, bucket] of this.buckets) {
      if (this.refilled(bucket) >= this.limits.failures) this.buckets.delete(source);
    }
    for (const source of this.buckets.keys()) {
      if (this.buckets.size <= this.limits.maxSources) break;
      this.buckets.delete(source);
    }
  }
}

/**
 * The source a request is throttled as: its peer address, IPv4-mapped addresses as IPv4, and IPv6
 * by /64 (one host usually holds a whole /64). Forwarded-for headers are not trusted: behind a
 * reverse proxy every client shares the proxy's address (docs/security.md).
 */
export function sourceOf(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!address.includes(':')) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]?.split('::') ?? [''];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((group) =>
    group.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}
