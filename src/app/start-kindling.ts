/**
 * Starts Kindling in this process: store, default workspace, dashboard, HTTP server, real-time
 * qualification and delivery. One start path for both back ends: on the embedded store this process
 * is the only one (and writes the data-dir marker); on PostgreSQL it joins the other nodes on the
 * database (join-cluster.ts) for real-time partitions and the leader's work.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/config.ts';
import { dashboardBaseUrl } from '../dashboard/base-url.ts';
import { type Dashboard, openDashboard } from '../dashboard/start-dashboard.ts';
import { loadDemoDefinition } from '../demo/demo-workspace.ts';
import type { AppContext } from '../http/app-context.ts';
import { KeyResolver } from '../http/auth.ts';
import { AuthThrottle } from '../http/auth-throttle.ts';
import { scoreRoutes } from '../http/routes/scores.ts';
import { suppressionRoutes } from '../http/routes/suppressions.ts';
import { buildRoutes, createHttpServer } from '../http/server.ts';
import type { Logger } from '../lib/logger.ts';
import { QualificationFeed } from '../realtime/qualification-feed.ts';
import { replayIntoStore } from '../realtime/replay.ts';
import { SqlSuppressionStore } from '../route/suppressions/sql-suppression-store.ts';
import { clearServerInfo, writeServerInfo } from '../store/data-dir.ts';
import { openEventStore } from '../store/open-event-store.ts';
import type { EventStore } from '../store/store.ts';
import { bootstrapWorkspace } from '../workspace/bootstrap.ts';
import type { KeyKind } from '../workspace/keys.ts';
import { joinCluster, type NodeRole, soloRole } from './join-cluster.ts';
import { routerFor } from './routing-wiring.ts';
import { loadServerDefinition } from './server-definition.ts';
import { startServerCrm } from './start-crm.ts';
import { type RunningRealtime, startRealtime } from './start-realtime.ts';
import { workspaceScoring } from './workspace-scoring.ts';

const DAY_MS = 86_400_000;
const DEMO_REPLAY_DAYS = 14;

export interface RunningKindling<S extends EventStore = EventStore> {
  readonly url: string;
  readonly server: Server;
  readonly store: S;
  readonly createdKeys: Partial<Record<KeyKind, string>>;
  /** The definition file the server scores with, if any. */
  readonly definitionFile: string | null;
  /** Real-time qualification and delivery (every workspace with a definition or a live version). */
  readonly realtime: RunningRealtime;
  /** The dashboard: its demo workspace, open mode, and the demo admin key created on this start. */
  readonly dashboard: Dashboard;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly now?: () => number;
}

/**
 * Opens the store of `config` (the embedded one, or PostgreSQL with `databaseUrl`) and starts on it;
 * `openStore` opens another (tests narrow the store's type to the embedded one's).
 */
export function startKindling(config: Config, log: Logger, options?: StartOptions): Promise<RunningKindling>;
export function startKindling<S extends EventStore>(
  config: Config,
  log: Logger,
  options: StartOptions & { readonly openStore: (now: () => number) => Promise<S> },
): Promise<RunningKindling<S>>;
export async function startKindling(
  config: Config,
  log: Logger,
  options: StartOptions & { readonly openStore?: (now: () => number) => Promise<EventStore> } = {},
): Promise<RunningKindling> {
  const now = options.now ?? Date.now;
  // The definition is checked before the store opens, so a bad file leaves no new data directory.
  const definition = await loadServerDefinition(config);
  const store = await (options.openStore ?? ((clock) => openEventStore(config, clock)))(now);
  const embedded = store.database.backend === 'duckdb';
  let realtime: RunningRealtime | null = null;
  let dashboard: Dashboard | null = null;
  let role: NodeRole | null = null;
  try {
    const createdKeys = await bootstrapWorkspace(store.keys, {
      write: config.writeKey,
      admin: config.adminKey,
    });
    // The workspace the definition file applies to exists, even before it has keys.
    await store.keys.ensureWorkspace(config.definitionWorkspace, config.definitionWorkspace);
    const resolver = new KeyResolver(store.keys, new AuthThrottle(now));
    const feed = new QualificationFeed();
    if (!embedded && config.demo)
      log.info('the demo workspace runs on the embedded store only; it is off on PostgreSQL');
    dashboard = await openDashboard({
      config,
      store,
      demo: embedded && config.demo,
      resolver,
      feed,
      log,
      now,
      definition,
      // The demo's past: the engine replayed over its last two weeks, twice a day, routed (owners,
      // SLAs); its alerts wait in the outbox for the demo's log destination.
      replay: async ({ workspaceId, ir, routing, from, to }) => {
        await replayIntoStore(store, workspaceId, ir, {
          from: Math.max(from, to - DEMO_REPLAY_DAYS * DAY_MS),
          to,
          stepMs: DAY_MS / 2,
          domainAccounts: config.domainAccounts,
          ...(routing === null ? {} : { router: routerFor(routing) }),
        });
      },
    });
    const app: AppContext = {
      store,
      keys: store.keys,
      resolver,
      now,
      log,
      feed,
      browser: dashboard.browser,
    };
    const scoring = workspaceScoring(store, definition, { domainAccounts: config.domainAccounts });
    const server = createHttpServer(
      app,
      dashboard.withOpenApi(
        buildRoutes(app, [
          ...scoreRoutes(app, scoring),
          ...suppressionRoutes(app, new SqlSuppressionStore(store.database.client, now)),
          ...dashboard.routes(app),
        ]),
      ),
    );
    role = embedded ? soloRole(store) : await joinCluster(store, { log, now });
    realtime = await startRealtime(
      store,
      {
        ir: definition?.ir ?? null,
        source: definition?.source ?? null,
        workspace: config.definitionWorkspace,
        destinations: definition?.destinations ?? null,
        routing: definition?.routing ?? null,
        // The demo workspace's own destinations (a log file in the data directory).
        extraDestinations:
          embedded && config.demo
            ? { configs: loadDemoDefinition().destinations ?? {}, baseDir: config.dataDir }
            : null,
      },
      { config, log, feed: app.feed, now, baseUrl: dashboardBaseUrl(config), role },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    // The marker tells CLI commands a server holds the data directory; on PostgreSQL none does.
    if (embedded)
      writeServerInfo(config.dataDir, { pid: process.pid, url, startedAt: new Date(now()).toISOString() });
    dashboard.start();
    const leader = role;
    const crm = startServerCrm(store, definition, { log, now, runsHere: () => leader.isLeader() });
    const running = dashboard;
    let closed = false;
    return {
      url,
      server,
      store,
      createdKeys,
      definitionFile: definition?.file ?? null,
      realtime,
      dashboard: running,
      async close() {
        if (closed) return;
        closed = true;
        await running.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await running.release();
        await crm?.stop();
        await realtime?.stop();
        await leader.leave();
        await store.close();
        if (embedded) clearServerInfo(config.dataDir);
      },
    };
  } catch (error) {
    await dashboard?.close();
    await dashboard?.release();
    await realtime?.stop();
    await role?.leave();
    await store.close();
    throw error;
  }
}
