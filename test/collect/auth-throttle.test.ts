/**
 * Issue 15, item 5: failed key checks are throttled per source, with Retry-After, counted (the
 * server's clock is held still, so nothing depends on how fast this machine is): sign-in, Bearer
 * and write keys share one budget per address; valid keys never count; another address is never
 * slowed.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_THROTTLE_LIMITS } from '../../src/http/auth-throttle.ts';
import { ADMIN_KEY, startTestServer, type TestServer, WRITE_KEY } from '../support/test-server.ts';

let server: TestServer;
let clock = Date.UTC(2026, 5, 1);

interface Answer {
  readonly status: number;
  readonly retryAfter: string | undefined;
}

/** One request from a chosen local address (127.0.0.2 is another source on the loopback net). */
function send(
  from: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      {
        method: options.method ?? 'GET',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          'x-kindling-csrf': '1',
          ...options.headers,
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const header = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(header) ? header[0] : header });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const TRACK = { userId: 'u1', event: 'Logged In' };

/** The three ways to present a wrong key, in turn. */
function wrongKey(from: string, n: number): Promise<Answer> {
  const guess = `ka_guess_${String(n).padStart(20, '0')}`;
  if (n % 3 === 0) return send(from, '/api/stats', { headers: bearer(guess) });
  if (n % 3 === 1) return send(from, '/v1/track', { method: 'POST', headers: basic(guess), body: TRACK });
  return send(from, '/api/session', { method: 'POST', body: { key: guess } });
}

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('throttling failed key checks', () => {
  it('never counts valid keys', async () => {
    for (let i = 0; i < 200; i++) {
      const answer =
        i % 2 === 0
          ? await send('127.0.0.1', '/api/stats', { headers: bearer(ADMIN_KEY) })
          : await send('127.0.0.1', '/v1/track', { method: 'POST', headers: basic(WRITE_KEY), body: TRACK });
      expect(answer.status).toBe(200);
    }
  });

  it('answers 429 with Retry-After once an address has failed its budget, and only that address', async () => {
    const { failures } = AUTH_THROTTLE_LIMITS;
    const answers: Answer[] = [];
    for (let n = 0; n < failures + 60; n++) answers.push(await wrongKey('127.0.0.1', n));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(failures);
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled).toHaveLength(60);
    expect(answers.slice(failures).every((a) => a.status === 429)).toBe(true);
    expect(new Set(throttled.map((a) => a.retryAfter))).toEqual(new Set(['2']));

    // While blocked, a valid key from this address is still served (clients behind one proxy
    // share an address)…
    expect((await send('127.0.0.1', '/api/stats', { headers: bearer(ADMIN_KEY) })).status).toBe(200);
    expect((await wrongKey('127.0.0.1', 0)).status).toBe(429);
    // …but another address is not slowed at all.
    expect((await send('127.0.0.2', '/api/stats', { headers: bearer(ADMIN_KEY) })).status).toBe(200);
    const track = await send('127.0.0.2', '/v1/track', {
      method: 'POST',
      headers: basic(WRITE_KEY),
      body: TRACK,
    });
    expect(track.status).toBe(200);
    expect((await wrongKey('127.0.0.2', 0)).status).toBe(401);

    // After Retry-After, the address gets one more try per refill.
    clock += Number(throttled[0]?.retryAfter) * 1000;
    expect((await send('127.0.0.1', '/api/stats', { headers: bearer(ADMIN_KEY) })).status).toBe(200);
    expect((await wrongKey('127.0.0.1', 1)).status).toBe(401);
    expect((await wrongKey('127.0.0.1', 2)).status).toBe(429);
  });
});
