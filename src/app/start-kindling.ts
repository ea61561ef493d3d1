/** Starts Kindling in this process: store, default workspace, HTTP server, and the data-dir marker. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/config.ts';
import type { AppContext } from '../http/app-context.ts';
import { KeyResolver } from '../http/auth.ts';
import { scoreRoutes } from '../http/routes/scores.ts';
import { suppressionRoutes } from '../http/routes/suppressions.ts';
import { buildRoutes, createHttpServer } from '../http/server.ts';
import type { Logger } from '../lib/logger.ts';
import { QualificationFeed } from '../realtime/qualification-feed.ts';
import { DuckDbSuppressionStore } from '../route/suppressions/duckdb-suppression-store.ts';
import { clearServerInfo, writeServerInfo } from '../store/data-dir.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { bootstrapWorkspace } from '../workspace/bootstrap.ts';
import type { KeyKind } from '../workspace/keys.ts';
import { storeScoring } from './score-service.ts';
import { loadServerDefinition } from './server-definition.ts';
import { type RunningRealtime, startRealtime } from './start-realtime.ts';

export interface RunningKindling {
  readonly url: string;
  readonly server: Server;
  readonly store: DuckDbStore;
  readonly createdKeys: Partial<Record<KeyKind, string>>;
  /** The definition file the server scores with, if any. */
  readonly definitionFile: string | null;
  /** Real-time qualification and delivery; null without a definition. */
  readonly realtime: RunningRealtime | null;
  close(): Promise<void>;
}

export async function startKindling(
  config: Config,
  log: Logger,
  now: () => number = Date.now,
): Promise<RunningKindling> {
  const store = await DuckDbStore.open(config.dataDir, now);
  let realtime: RunningRealtime | null = null;
  try {
    const createdKeys = await bootstrapWorkspace(store.keys, {
      write: config.writeKey,
      admin: config.adminKey,
    });
    const app: AppContext = {
      store,
      keys: store.keys,
      resolver: new KeyResolver(store.keys),
      now,
      log,
      feed: new QualificationFeed(),
    };
    const definition = await loadServerDefinition(config);
    const scoring =
      definition === null
        ? null
        : storeScoring(store, definition.ir, { domainAccounts: config.domainAccounts });
    const server = createHttpServer(
      app,
      buildRoutes(app, [
        ...scoreRoutes(app, scoring),
        ...suppressionRoutes(app, new DuckDbSuppressionStore(store.readConn, now)),
      ]),
    );
    realtime =
      definition === null
        ? null
        : await startRealtime(
            store,
            { ir: definition.ir, destinations: definition.destinations, routing: definition.routing },
            { config, log, feed: app.feed, now, baseUrl: null },
          );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    writeServerInfo(config.dataDir, { pid: process.pid, url, startedAt: new Date(now()).toISOString() });
    let closed = false;
    return {
      url,
      server,
      store,
      createdKeys,
      definitionFile: definition?.file ?? null,
      realtime,
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await realtime?.stop();
        await store.close();
        clearServerInfo(config.dataDir);
      },
    };
  } catch (error) {
    await realtime?.stop();
    await store.close();
    throw error;
  }
}
