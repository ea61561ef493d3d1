/**
 * Resolves the key a request carries: Segment's HTTP Basic (write key as user, empty password),
 * a Bearer token, or `writeKey` in the body. Only hashes are looked up; live keys are cached.
 */
import type { IncomingMessage } from 'node:http';
import { hashKey, type KeyRecord, type KeyStore } from '../workspace/keys.ts';
import { type AuthThrottle, sourceOf } from './auth-throttle.ts';
import { type ErrorReply, errorReply } from './reply.ts';

/** A presented key: live, unknown, or not looked at because its source failed too often. */
export type KeyCheck =
  | { readonly ok: true; readonly key: KeyRecord }
  | { readonly ok: false; readonly throttled: false }
  | { readonly ok: false; readonly throttled: true; readonly retryAfterSeconds: number };

/** 429 with Retry-After, for a source whose key checks failed too often. */
export function throttledReply(retryAfterSeconds: number): ErrorReply {
  const reply = errorReply(
    429,
    'too-many-failed-keys',
    'Too many requests from this address carried a key that is not valid.',
    `Wait ${retryAfterSeconds} s (Retry-After), and check the key you send.`,
  );
  return { ...reply, headers: { 'retry-after': String(retryAfterSeconds) } };
}

/**
 * How a request that carries no key may still act for an admin: the dashboard's sign-in cookie, or
 * `--open` mode on a loopback host (src/dashboard/browser-access.ts). Null: the request has neither.
 */
export interface BrowserAccess {
  resolve(req: IncomingMessage, url: URL): Promise<BrowserCredential | null>;
}

export type BrowserCredential =
  | { readonly ok: true; readonly key: KeyRecord }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly hint: string;
    };

export function keyFromHeaders(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value || null;
  if (scheme?.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const user = decoded.split(':', 1)[0] ?? '';
  return user || null;
}

export class KeyResolver {
  private readonly cache = new Map<string, KeyRecord>();

  constructor(
    private readonly keys: KeyStore,
    private readonly throttle: AuthThrottle,
  ) {}

  /**
   * Checks a key a request presents (header, body or sign-in form). Every failure counts against
   * the request's source; a source over the limit gets 429 for every wrong key. A valid key is
   * always served: behind a proxy many clients share one address, and one client's stale keys
   * must not stop the others' collection. Keys are 192 random bits, so the throttle is there to
   * slow guessing and floods, not to hide which guess was right.
   */
  async check(presented: string, req: IncomingMessage): Promise<KeyCheck> {
    const key = await this.resolve(presented);
    if (key !== null) return { ok: true, key };
    const source = sourceOf(req.socket.remoteAddress);
    const wait = this.throttle.retryAfter(source);
    if (wait !== null) return { ok: false, throttled: true, retryAfterSeconds: wait };
    this.throttle.failed(source);
    return { ok: false, throttled: false };
  }

  async resolve(key: string): Promise<KeyRecord | null> {
    return this.resolveHash(hashKey(key));
  }

  /** The live key with this hash (a dashboard session keeps the hash of the key it signed in with). */
  async resolveHash(hash: string): Promise<KeyRecord | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached;
    const record = await this.keys.findByHash(hash);
    // Only live keys are cached, so unknown keys cannot grow the cache.
    if (record !== null) this.cache.set(hash, record);
    return record;
  }

  /** After a revocation in this process, forget it at once. */
  forget(keyId: string): void {
    for (const [hash, record] of this.cache) if (record.id === keyId) this.cache.delete(hash);
  }
}
