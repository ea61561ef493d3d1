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

export function createHttpServer(app: AppContext, routes: readonly Route[]): Server {
  const router = new Router(routes);
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
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
  // Malformed HTTP never reaches a handler; answer 400 and drop the socket rather than crash.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });
  return server;
}
