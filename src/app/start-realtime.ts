/**
 * Starts real-time qualification and delivery beside the HTTP server: the delivery worker over the
 * outbox, with the destinations of kindling.yml, and the engine that feeds it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config/config.ts';
import type { DefinitionIR } from '../definition/ir.ts';
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import type { Destination } from '../deliver/destination.ts';
import type { DestinationsConfig } from '../deliver/destinations/index.ts';
import { createDestinations } from '../deliver/destinations/index.ts';
import type { Logger } from '../lib/logger.ts';
import { UserError } from '../lib/user-error.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../outbox/delivery-worker.ts';
import { sendDueDigests } from '../outbox/digest-sender.ts';
import { DuckDbOutboxStore } from '../outbox/duckdb-outbox-store.ts';
import type { QualificationFeed } from '../realtime/qualification-feed.ts';
import { RealtimeEngine } from '../realtime/realtime-engine.ts';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { activate, currentVersions, saveVersion } from '../versions/index.ts';
import { DEFAULT_WORKSPACE } from '../workspace/bootstrap.ts';
import { liveDefinition } from './routing-wiring.ts';
import { WorkspaceDefinitions } from './workspace-definitions.ts';

/** How long the engine lets the worker send fresh alerts before its next pass, at most. */
const DELIVERY_HEAD_START_MS = 300;

/** How often due digests are looked for. */
const DIGEST_CHECK_MS = 30_000;

export interface RealtimeSetup {
  /** The server's definition file (null: none; workspaces score with their activated versions). */
  readonly ir: DefinitionIR | null;
  /** The file's text, saved as a version; null with no file. */
  readonly source: string | null;
  readonly destinations: DestinationsConfig | null;
  /** kindling.yml `routing:`; null: every qualification alerts every destination, no owner or SLA. */
  readonly routing: RoutingConfig | null;
  /**
   * Destinations of other definitions the server runs (the demo workspace's), with the directory
   * their relative paths resolve in; the file's own destinations win a name both use.
   */
  readonly extraDestinations?: { readonly configs: DestinationsConfig; readonly baseDir: string } | null;
}

export interface RunningRealtime {
  readonly engine: RealtimeEngine;
  readonly worker: DeliveryWorker;
  readonly destinations: ReadonlyMap<string, Destination>;
  /** Which definitions score which workspace (live, shadow, or the server's file). */
  readonly definitions: WorkspaceDefinitions;
  stop(): Promise<void>;
}

/**
 * The definition file a server starts with becomes the default workspace's live version, as a new
 * activation when it is not live already: the file is the configuration, and `kindling activate`
 * or `rollback` change a running server until its next start.
 */
async function makeFileLive(
  conn: DuckDBConnection,
  source: string,
  ir: DefinitionIR,
  context: { readonly log: Logger; readonly now: () => number },
): Promise<void> {
  const stored = await saveVersion(conn, source, ir, context.now());
  if ((await currentVersions(conn, DEFAULT_WORKSPACE)).live?.version === stored.version) return;
  const activated = await activate(
    conn,
    DEFAULT_WORKSPACE,
    'live',
    stored.version,
    'kindling serve',
    context.now(),
  );
  if (activated.ok)
    context.log.info('the definition file is now the live version', { version: stored.version });
}

export async function startRealtime(
  store: DuckDbStore,
  setup: RealtimeSetup,
  context: {
    readonly config: Config;
    readonly log: Logger;
    readonly feed: QualificationFeed;
    readonly now: () => number;
    readonly baseUrl: string | null;
  },
): Promise<RunningRealtime> {
  const created = createDestinations(setup.destinations ?? {}, { env: process.env, now: context.now });
  if (!created.ok) {
    const lines = created.error.map((p) => `  - ${p.path}: ${p.message}`);
    throw new UserError(
      `Cannot start: the destinations in kindling.yml are not usable.\n${lines.join('\n')}`,
      2,
    );
  }
  const extra = setup.extraDestinations;
  const others =
    extra === null || extra === undefined
      ? null
      : createDestinations(extra.configs, { env: process.env, now: context.now, baseDir: extra.baseDir });
  if (others !== null && !others.ok) {
    throw new Error(`the demo workspace's destinations do not start: ${JSON.stringify(others.error)}`);
  }
  const destinations = new Map([...(others?.value ?? []), ...created.value]);
  const outboxConn = await store.instance.connect();
  const worker = createDeliveryWorker({
    outbox: new DuckDbOutboxStore(outboxConn, context.now),
    destinations,
    now: context.now,
    pollMs: 250,
    onError: (error) =>
      context.log.error('delivery worker', {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  });
  const versionsConn = await store.instance.connect();
  const fallback =
    setup.ir === null
      ? null
      : liveDefinition(setup.ir, setup.routing, { shadow: false, destinations: [...destinations.keys()] });
  if (setup.ir !== null && setup.source !== null) {
    await makeFileLive(versionsConn, setup.source, setup.ir, context);
  }
  const definitions = new WorkspaceDefinitions(versionsConn, fallback, context.log);
  await definitions.refresh();
  const engine = await RealtimeEngine.create({
    store,
    definitions: definitions.forWorkspace,
    beforeSweep: () => definitions.refresh(),
    evaluation: { domainAccounts: context.config.domainAccounts },
    feed: context.feed,
    log: context.log,
    now: context.now,
    baseUrl: context.baseUrl,
    onEnqueued: () => worker.wakeAndWait(DELIVERY_HEAD_START_MS),
  });
  definitions.listen((workspaceId) => engine.adopt(workspaceId));
  await engine.prepare();
  worker.start();
  engine.start();
  const digestConn = await store.instance.connect();
  let digesting: Promise<unknown> = Promise.resolve();
  const digestTimer = setInterval(() => {
    digesting = digesting
      .then(() => sendDueDigests(digestConn, destinations, context.now()))
      .catch((error: unknown) =>
        context.log.error('digest', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      );
  }, DIGEST_CHECK_MS);
  digestTimer.unref();
  return {
    engine,
    worker,
    destinations,
    definitions,
    async stop() {
      clearInterval(digestTimer);
      await digesting;
      digestConn.closeSync();
      definitions.close();
      await engine.stop();
      await worker.stop();
      outboxConn.closeSync();
      versionsConn.closeSync();
    },
  };
}
