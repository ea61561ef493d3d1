/**
 * Wires the dashboard into a starting server: sign-in sessions and `--open` mode for the admin API,
 * the dashboard's routes and the OpenAPI document, the built web app, and the demo workspace
 * (filled in the background once the server listens, then kept alive by a gentle live stream).
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.ts';
import type { DefinitionIR } from '../definition/ir.ts';
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import { type LiveStream, startLiveStream } from '../demo/demo-live-stream.ts';
import {
  DEMO_WORKSPACE,
  type DemoDefinition,
  type DemoSize,
  ensureDemoWorkspace,
  fillDemoWorkspace,
  loadDemoDefinition,
} from '../demo/demo-workspace.ts';
import type { AppContext } from '../http/app-context.ts';
import type { BrowserAccess, KeyResolver } from '../http/auth.ts';
import type { Route } from '../http/router.ts';
import { LeadActions } from '../leads/lead-actions.ts';
import type { Logger } from '../lib/logger.ts';
import { UserError } from '../lib/user-error.ts';
import { SqlOutboxStore } from '../outbox/sql-outbox-store.ts';
import type { QualificationFeed } from '../realtime/qualification-feed.ts';
import { readDataset } from '../store/read-dataset.ts';
import type { EventStore } from '../store/store.ts';
import { browserAccess } from './browser-access.ts';
import type { DashboardServices } from './dashboard-services.ts';
import { EventStreams } from './event-stream.ts';
import { isLoopbackHost } from './loopback.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { leadRoutes } from './routes/leads.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { type DemoStatus, sessionRoutes } from './routes/session.ts';
import { streamRoutes } from './routes/stream.ts';
import { SessionStore } from './sessions.ts';
import { StaticSite } from './static-site.ts';
import { type StaticDefinition, workspaceDefinition } from './workspace-definition.ts';
import { listWorkspaces, workspaceExists } from './workspaces.ts';

export interface DashboardInput {
  readonly config: Config;
  readonly store: EventStore;
  /**
   * Whether to create and fill the demo workspace (`config.demo` on the embedded store: on
   * PostgreSQL every node would fill it, and its marker lives in one node's data directory).
   */
  readonly demo: boolean;
  readonly resolver: KeyResolver;
  readonly feed: QualificationFeed;
  readonly log: Logger;
  readonly now: () => number;
  /** The definition the server was started with, if any, and the one workspace it applies to. */
  readonly definition: {
    readonly file: string;
    readonly ir: DefinitionIR;
    readonly workspace: string;
  } | null;
  /** Tests fill a smaller demo; default DEMO_SIZE. */
  readonly demoSize?: DemoSize;
  /**
   * Writes the demo's history of qualifications, leads and entity states as the live engine would
   * have (alerts recorded and routed). Wired by start-kindling to the engine's replay.
   */
  readonly replay?: (input: {
    readonly workspaceId: string;
    readonly ir: DefinitionIR;
    /** The demo definition's routing: the history gets owners, SLAs and deliveries. */
    readonly routing: RoutingConfig | null;
    readonly from: number;
    readonly to: number;
  }) => Promise<void>;
}

export interface Dashboard {
  readonly browser: BrowserAccess;
  /** The dashboard's pages and API. */
  routes(app: AppContext): Route[];
  /** The whole route list plus `/api/openapi.json`, which describes all of it. */
  withOpenApi(routes: readonly Route[]): Route[];
  /** Once the server listens: fills the demo workspace (in the background) and starts its live stream. */
  start(): void;
  /** Resolves when the demo workspace is ready (or failed, or is off). */
  readonly demoReady: () => Promise<DemoStatus>;
  /** Created on this start, shown once. */
  readonly demoAdminKey: string | null;
  readonly open: boolean;
  /** Before the server closes: ends live streams, waits for the demo fill, stops the demo stream. */
  close(): Promise<void>;
  /** After the server closed: releases the dashboard's database session. */
  release(): Promise<void>;
}

const PACKAGE_VERSION = '0.1.0';

export async function openDashboard(input: DashboardInput): Promise<Dashboard> {
  const { config, store, log, now } = input;
  if (config.open && !isLoopbackHost(config.host)) {
    throw new UserError(
      `--open (KINDLING_OPEN) serves the dashboard and admin API without sign-in, so it only runs on a loopback host; --host is ${config.host}.\n` +
        'Drop --open and sign in with an admin key, or listen on 127.0.0.1 (the default).',
      2,
    );
  }
  // The dashboard's reads and the outbox views go through a session of its own.
  const session = await store.database.session();
  const sessions = new SessionStore(now);
  const demoDefinition: DemoDefinition | null = input.demo ? loadDemoDefinition() : null;
  const demoAdminKey = input.demo ? await ensureDemoWorkspace(store) : null;
  const serverSource = input.definition === null ? null : readFileSync(input.definition.file, 'utf8');

  const fallback = (workspaceId: string): StaticDefinition | null => {
    if (workspaceId === DEMO_WORKSPACE && demoDefinition !== null)
      return { ...demoDefinition, origin: 'demo' };
    return input.definition === null || input.definition.workspace !== workspaceId
      ? null
      : { ir: input.definition.ir, source: serverSource, file: input.definition.file, origin: 'server' };
  };
  const streams = new EventStreams(input.feed);
  const services: DashboardServices = {
    db: session,
    dataset: (workspaceId, scope) => readDataset(session, workspaceId, scope),
    definitionFor: (workspaceId) => workspaceDefinition(session, workspaceId, fallback),
    evaluation: { domainAccounts: config.domainAccounts },
    actions: new LeadActions({ client: store.database.client, store, feed: input.feed, now }),
    outbox: new SqlOutboxStore(session, now),
    streams,
    site: new StaticSite(),
  };
  if (!services.site.built)
    log.warn('the dashboard is not built (a checkout without `npm ci`); run npm run build');

  let demo: DemoStatus = {
    state: input.demo ? 'preparing' : 'off',
    workspaceId: DEMO_WORKSPACE,
    detail: null,
  };
  let filling: Promise<DemoStatus> = Promise.resolve(demo);
  let live: LiveStream | null = null;
  let closed = false;

  const browser = browserAccess({
    sessions,
    resolver: input.resolver,
    open: config.open,
    workspaceExists: (id) => workspaceExists(session, id),
    now,
  });

  return {
    browser,
    open: config.open,
    demoAdminKey,
    demoReady: () => filling,
    routes: (app) => [
      ...sessionRoutes(app, {
        sessions,
        open: config.open,
        secureCookies: config.baseUrl?.startsWith('https:') ?? false,
        workspaces: () => listWorkspaces(session),
        demo: () => demo,
      }),
      ...leadRoutes(app, services),
      ...streamRoutes(app, services),
      ...dashboardRoutes(app, services),
    ],
    withOpenApi(routes) {
      const all: Route[] = [...routes];
      all.push(...openApiRoutes(() => all, PACKAGE_VERSION));
      return all;
    },
    start() {
      if (demoDefinition === null) return;
      const definition = demoDefinition;
      filling = (async (): Promise<DemoStatus> => {
        try {
          const filled = await fillDemoWorkspace({
            store,
            dataDir: config.dataDir,
            definition,
            now: now(),
            ...(input.demoSize === undefined ? {} : { size: input.demoSize }),
            ...(input.replay === undefined
              ? {}
              : {
                  replay: (range) =>
                    input.replay?.({ workspaceId: DEMO_WORKSPACE, ...range }) ?? Promise.resolve(),
                }),
          });
          if (filled !== null) log.info('demo workspace filled', { ...filled });
          if (!closed) live = await startLiveStream({ store, workspaceId: DEMO_WORKSPACE, log, now });
          demo = { state: 'ready', workspaceId: DEMO_WORKSPACE, detail: null };
        } catch (error) {
          log.error('the demo workspace could not be filled', { error: String(error) });
          demo = { state: 'failed', workspaceId: DEMO_WORKSPACE, detail: String(error) };
        }
        return demo;
      })();
    },
    async close() {
      closed = true;
      streams.closeAll();
      await filling;
      await live?.stop();
    },
    release() {
      return session.close();
    },
  };
}
