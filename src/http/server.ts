/**
 * The HTTP server: routes requests, turns every expected failure into a 4xx JSON reply, and keeps
 * serving whatever a client sends. Only a bug reaches the 500 branch, and it is logged.
 */
import { createServer, type Server } from 'node:http';
import type { AppContext } from './app-context.ts';
import { errorReply, json, send } from './reply.ts';
import { type Route, Router } from './router.ts';
import { adminRoutes } from './routes/admin.ts';
import { collectRoutes } from './routes/collect.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { outcomeRoutes } from './routes/outcomes.ts';
import { versionRoutes } from './routes/versions.ts';

export function buildRoutes(app: AppContext, extra: readonly Route[] = []): Route[] {
  return [
    { method: 'GET', path: '/health', handle: async () => json(200, { status: 'ok' }) },
    ...collectRoutes(app),
    ...adminRoutes(app),
    ...outcomeRoutes(app),
    ...versionRoutes(app),
    ...metricsRoutes(app),
    ...extra,
  ];
}

/**
 * How long a client may take and how many may be connected. A connection that has not sent its
 * headers within `headersTimeoutMs`, or its whole request within `requestTimeoutMs`, is answered
 * 408 and closed (checked every `checkIntervalMs`), so slow clients cannot hold sockets open; past
 * `maxConnections` new connections are closed at once. Idle keep-alive connections close after
 * `keepAliveTimeoutMs`, longer than the 60 s idle timeout of common load balancers.
 */
export interface HttpLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  readonly checkIntervalMs: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  // A 500 KB batch over a slow mobile link still fits; a client trickling bytes does not.
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 2_048,
  checkIntervalMs: 1_000,
};

export function createHttpServer(
  app: AppContext,
  routes: readonly Route[],
  limits: HttpLimits = HTTP_LIMITS,
): Server {
  const router = new Router(routes);
  const options = {
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
  const server = createServer(options, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (found.route === null) {
      req.resume();
      const reply =
        found.allowed.length > 0
          ? errorReply(405, 'method-not-allowed', `Use ${found.allowed.join(' or ')} for ${url.pathname}.`)
          : errorReply(404, 'not-found', `No route ${req.method} ${url.pathname}.`);
      send(res, reply);
      return;
    }
    found.route
      .handle({ req, url, params: found.params })
      .then((reply) => send(res, reply))
      .catch((error: unknown) => {
        app.log.error('request failed', {
          path: url.pathname,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        if (!res.headersSent)
          send(res, errorReply(500, 'internal-error', 'Something went wrong on our side.'));
      });
  });
  server.maxConnections = limits.maxConnections;
  // Malformed HTTP never reaches a handler; answer 400 and drop the socket rather than crash. A
  // timed-out request gets 408 (Node's own answer for the timeouts above).
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const answer = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    // Destroyed once the answer is flushed: a client that never closes its side keeps nothing open.
    socket.end(`HTTP/1.1 ${answer}\r\nconnection: close\r\n\r\n`, () => socket.destroy());
  });
  return server;
}
