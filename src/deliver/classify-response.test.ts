import { describe, expect, it } from 'vitest';
import { classifyResponse, headersFromRecord, parseRetryAfter } from './classify-response.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const respond = (status: number, headers: Record<string, string> = {}, body?: string) =>
  classifyResponse(
    { status, headers: headersFromRecord(headers), ...(body === undefined ? {} : { body }) },
    NOW,
  );

describe('classifyResponse', () => {
  it('delivers on 2xx', () => {
    expect(respond(200)).toEqual({ kind: 'delivered', status: 200 });
    expect(respond(204).kind).toBe('delivered');
  });

  it.each([408, 429, 500, 502, 503, 599])('retries %i', (status) => {
    expect(respond(status)).toMatchObject({ kind: 'retry', status, retryAfterMs: null });
  });

  it.each([301, 400, 401, 403, 404, 410, 422])('dead-letters %i', (status) => {
    expect(respond(status)).toMatchObject({ kind: 'dead', status });
  });

  it('honours Retry-After in seconds and as an HTTP date, in any header case', () => {
    expect(respond(429, { 'Retry-After': '2' })).toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
    expect(respond(503, { 'retry-after': 'Wed, 01 May 2024 12:00:30 GMT' })).toMatchObject({
      retryAfterMs: 30_000,
    });
  });

  it('keeps a short excerpt of the body in the detail', () => {
    const outcome = respond(400, {}, `invalid_payload ${'x'.repeat(500)}`);
    expect(outcome.kind === 'dead' && outcome.detail.startsWith('HTTP 400: invalid_payload')).toBe(true);
    expect(outcome.kind === 'dead' && outcome.detail.length).toBeLessThan(230);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, dates in the past as 0, and rejects nonsense', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('Tue, 30 Apr 2024 12:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});
