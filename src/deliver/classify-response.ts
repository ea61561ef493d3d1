/**
 * The meaning of a receiver's answer: 2xx delivered; 408, 429 and 5xx worth retrying (with the
 * `Retry-After` it asked for); any other status is final (dead-letter, replayable by a person).
 */
import { type DeliveryOutcome, dead, delivered, retry } from './outcome.ts';

export interface HeaderLookup {
  get(name: string): string | null;
}

export interface ReceivedResponse {
  readonly status: number;
  readonly headers: HeaderLookup;
  /** The body as text, for the detail; only an excerpt is kept. */
  readonly body?: string;
}

const EXCERPT_CHARS = 200;

export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export function classifyResponse(response: ReceivedResponse, now: number): DeliveryOutcome {
  const { status } = response;
  if (status >= 200 && status <= 299) return delivered(status);
  const detail = `HTTP ${status}${excerpt(response.body)}`;
  if (isRetriableStatus(status)) {
    return retry(status, parseRetryAfter(response.headers.get('retry-after'), now), detail);
  }
  return dead(status, detail);
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only dates that name a weekday or month (HTTP dates), never bare numbers Date.parse would guess at.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Plain header records (as client libraries return them) looked up without regard to case. */
export function headersFromRecord(record: Readonly<Record<string, string | undefined>>): HeaderLookup {
  const lower = new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}

function excerpt(body: string | undefined): string {
  if (body === undefined) return '';
  const text = body.replace(/\s+/g, ' ').trim();
  if (text === '') return '';
  return `: ${text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text}`;
}
