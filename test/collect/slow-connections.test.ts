/**
 * Issue 15, item 7: slow clients cannot hold the server. 400 "slow-loris" sockets that send half a
 * request and stop: the server keeps answering a normal request beside them, closes every one of
 * them once the header timeout passes, and refuses connections past its cap. Nothing here measures
 * time: each step waits (up to a generous deadline) for a condition.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/http/app-context.ts';
import { KeyResolver } from '../../src/http/auth.ts';
import { AuthThrottle } from '../../src/http/auth-throttle.ts';
import { buildRoutes, createHttpServer, HTTP_LIMITS, type HttpLimits } from '../../src/http/server.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

const SLOW_SOCKETS = 400;
const dir = tempDir();
let store: DuckDbStore;
let app: AppContext;
const servers: Server[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  store = await DuckDbStore.open(join(dir.path, 'data'));
  app = {
    store,
    keys: store.keys,
    resolver: new KeyResolver(store.keys, new AuthThrottle(Date.now)),
    now: Date.now,
    log: createLogger('silent'),
    feed: new QualificationFeed(),
  };
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await store.close();
  dir.remove();
});

const waitFor = (what: string, condition: () => boolean | Promise<boolean>) => until(condition, what);

async function serve(limits: Partial<HttpLimits>): Promise<{ server: Server; port: number }> {
  const server = createHttpServer(app, buildRoutes(app), { ...HTTP_LIMITS, ...limits });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

const connections = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

/** A socket that sends half of a request's headers and then nothing. */
function slowLoris(port: number): { socket: Socket; closed: () => boolean; answer: () => string } {
  let closed = false;
  let answer = '';
  const socket = connect(port, '127.0.0.1', () => {
    socket.write('POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n');
  });
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString();
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
  });
  sockets.push(socket);
  return { socket, closed: () => closed, answer: () => answer };
}

async function health(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  await res.text();
  return res.status;
}

describe('slow connections', () => {
  it('keeps answering normal requests while 400 slow sockets hang', async () => {
    // Header timeout far away: the slow sockets surely stay open while the normal request is made.
    const { server, port } = await serve({ headersTimeoutMs: 600_000, requestTimeoutMs: 600_000 });
    const slow = Array.from({ length: SLOW_SOCKETS }, () => slowLoris(port));
    await waitFor('400 slow sockets connected', async () => (await connections(server)) >= SLOW_SOCKETS);
    expect(await health(port)).toBe(200);
    expect(slow.filter((s) => s.closed())).toHaveLength(0);
  });

  it('closes slow sockets once the header timeout passes, with 408, and still answers', async () => {
    const { server, port } = await serve({
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
      checkIntervalMs: 100,
    });
    const slow = Array.from({ length: SLOW_SOCKETS }, () => slowLoris(port));
    await waitFor('every slow socket closed by the server', () => slow.every((s) => s.closed()));
    expect(slow.filter((s) => s.answer().startsWith('HTTP/1.1 408')).length).toBeGreaterThan(0);
    expect(await connections(server)).toBe(0);
    expect(await health(port)).toBe(200);
  });

  it('closes connections past the cap at once', async () => {
    const { server, port } = await serve({
      maxConnections: 5,
      headersTimeoutMs: 600_000,
      requestTimeoutMs: 600_000,
    });
    const held = Array.from({ length: 5 }, () => slowLoris(port));
    await waitFor('5 connections held', async () => (await connections(server)) === 5);
    const extra = slowLoris(port);
    await waitFor('the sixth connection closed', () => extra.closed());
    expect(held.filter((s) => s.closed())).toHaveLength(0);
    for (const s of held) s.socket.destroy();
    await waitFor('the held connections gone', async () => (await connections(server)) === 0);
    expect(await health(port)).toBe(200);
  });

  it('serves with these limits by default', async () => {
    const running = await startTestServer();
    try {
      const { server } = running.running;
      expect({
        headersTimeout: server.headersTimeout,
        requestTimeout: server.requestTimeout,
        maxConnections: server.maxConnections,
      }).toEqual({
        headersTimeout: HTTP_LIMITS.headersTimeoutMs,
        requestTimeout: HTTP_LIMITS.requestTimeoutMs,
        maxConnections: HTTP_LIMITS.maxConnections,
      });
    } finally {
      await running.stop();
    }
  });
});
