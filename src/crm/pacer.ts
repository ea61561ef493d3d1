/**
 * Every request to a CRM goes through a pacer: it waits for the CRM's rate limit (a token bucket,
 * deliver/rate-limiter.ts), bounds the request by the timeout, and when the CRM answers 429 (or
 * 503) with Retry-After it waits that long and tries again, up to `maxRetries` times. The error of
 * a request that still fails is thrown for the caller to turn into per-record failures.
 */
import { settleWithin } from '../deliver/deadline.ts';
import { createRateLimiter, type RateRule } from '../deliver/rate-limiter.ts';

/** What a failed request's error says about waiting: its status and Retry-After, if any. */
export interface ThrottleInfo {
  readonly status: number | null;
  /** Milliseconds the server asked to wait, or null. */
  readonly retryAfterMs: number | null;
}

export interface PacerOptions {
  readonly rule: RateRule;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Reads the client library's error. */
  readonly throttle: (error: unknown) => ThrottleInfo;
  /** Tears down the library's sockets when a request times out. */
  readonly giveUp?: () => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export class CrmRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const FALLBACK_WAIT_MS = 1_000;
const MAX_WAIT_MS = 120_000;

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Pacer {
  private readonly limiter;
  private readonly sleep;
  private readonly now;
  /** Requests made, and 429/503 answers waited out, for reports and tests. */
  requests = 0;
  throttled = 0;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.limiter = createRateLimiter(this.now);
    this.sleep = options.sleep ?? realSleep;
  }

  async call<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      for (let wait = this.limiter.take('crm', this.options.rule); wait > 0; ) {
        await this.sleep(wait);
        wait = this.limiter.take('crm', this.options.rule);
      }
      this.requests += 1;
      const settled = await settleWithin(run, {
        timeoutMs: this.options.timeoutMs,
        ...(this.options.giveUp === undefined ? {} : { giveUp: this.options.giveUp }),
      });
      if (settled.kind === 'value') return settled.value;
      if (settled.kind !== 'error') {
        throw new CrmRequestError(`no answer within ${this.options.timeoutMs} ms`, null);
      }
      const info = this.options.throttle(settled.error);
      const throttled = info.status === 429 || (info.status === 503 && info.retryAfterMs !== null);
      if (!throttled || attempt >= this.options.maxRetries) {
        throw new CrmRequestError(describe(settled.error, info.status), info.status, settled.error);
      }
      this.throttled += 1;
      // One pacer serves one run's requests in sequence, so waiting here holds them all back.
      await this.sleep(Math.min(MAX_WAIT_MS, info.retryAfterMs ?? FALLBACK_WAIT_MS * 2 ** attempt));
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from `now`. */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  if (header === undefined || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function describe(error: unknown, status: number | null): string {
  const text = error instanceof Error ? error.message : String(error);
  return `${status === null ? 'request failed' : `HTTP ${status}`}: ${text.split('\n')[0]?.slice(0, 200) ?? ''}`;
}
