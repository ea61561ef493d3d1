/**
 * Starts real-time qualification and delivery beside the HTTP server: the delivery worker over the
 * outbox, with the destinations of kindling.yml, and the engine that feeds it.
 */
import type { Config } from '../config/config.ts';
import type { DefinitionIR } from '../definition/ir.ts';
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import type { Destination } from '../deliver/destination.ts';
import type { DestinationsConfig } from '../deliver/destinations/index.ts';
import { createDestinations } from '../deliver/destinations/index.ts';
import type { Logger } from '../lib/logger.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import { UserError } from '../lib/user-error.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../outbox/delivery-worker.ts';
import { sendDueDigests } from '../outbox/digest-sender.ts';
import { createFailureMonitor, failureWatches } from '../outbox/failure-monitor.ts';
import { SqlOutboxStore } from '../outbox/sql-outbox-store.ts';
import type { QualificationFeed } from '../realtime/qualification-feed.ts';
import { RealtimeEngine } from '../realtime/realtime-engine.ts';
import type { EventStore } from '../store/store.ts';
import { activate, currentVersions, saveVersion } from '../versions/index.ts';
import { type NodeRole, soloRole } from './join-cluster.ts';
import { liveDefinition } from './routing-wiring.ts';
import { WorkspaceDefinitions } from './workspace-definitions.ts';

/** How long the engine lets the worker send fresh alerts before its next pass, at most. */
const DELIVERY_HEAD_START_MS = 300;

/** How often due digests are looked for. */
const DIGEST_CHECK_MS = 30_000;

/** How often destinations with `on_failure:` are looked at (and unsent failure notices retried). */
const FAILURE_CHECK_MS = 15_000;

export interface RealtimeSetup {
  /** The server's definition file (null: none; workspaces score with their activated versions). */
  readonly ir: DefinitionIR | null;
  /** The file's text, saved as a version; null with no file. */
  readonly source: string | null;
  /** The one workspace the file (and its destinations) applies to. */
  readonly workspace: string;
  readonly destinations: DestinationsConfig | null;
  /** kindling.yml `routing:`; null: every qualification alerts every destination, no owner or SLA. */
  readonly routing: RoutingConfig | null;
  /**
   * Destinations of other definitions the server runs (the demo workspace's), with the directory
   * their relative paths resolve in. They never alert the file's workspace, and may not share a name
   * with the file's destinations.
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
 * The definition file a server starts with becomes its workspace's live version, as a new
 * activation when it is not live already: the file is the configuration, and `kindling activate`
 * or `rollback` change a running server until its next start.
 */
async function makeFileLive(
  db: SqlClient,
  workspace: string,
  source: string,
  ir: DefinitionIR,
  context: { readonly log: Logger; readonly now: () => number },
): Promise<void> {
  const stored = await saveVersion(db, source, ir, context.now());
  if ((await currentVersions(db, workspace)).live?.version === stored.version) return;
  const activated = await activate(db, workspace, 'live', stored.version, 'kindling serve', context.now());
  if (activated.ok)
    context.log.info('the definition file is now the live version', { version: stored.version, workspace });
}

export async function startRealtime(
  store: EventStore,
  setup: RealtimeSetup,
  context: {
    readonly config: Config;
    readonly log: Logger;
    readonly feed: QualificationFeed;
    readonly now: () => number;
    readonly baseUrl: string | null;
    /** This node's place among several on one database; default: the only process (embedded store). */
    readonly role?: NodeRole;
  },
): Promise<RunningRealtime> {
  const role = context.role ?? soloRole(store);
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
  // The demo's destinations serve the demo workspace only: a file destination of the same name would
  // receive the demo's alerts, so the name is refused rather than shared.
  const clash = [...(others?.value.keys() ?? [])].find((name) => created.value.has(name));
  if (clash !== undefined) {
    throw new UserError(
      `Cannot start: the destination "${clash}" in kindling.yml has the name of the demo workspace's own destination.\n` +
        '  Rename it, or start with --no-demo.',
      2,
    );
  }
  const destinations = new Map([...(others?.value ?? []), ...created.value]);
  const outboxSession = await store.database.session();
  const outbox = new SqlOutboxStore(outboxSession, context.now);
  // The embedded store is held by one process: claims found at start belong to one that died, and
  // its in-flight deliveries go out again now (same webhook-id) rather than when their lease ends.
  if (store.database.backend === 'duckdb') {
    const released = await outbox.releaseAbandoned();
    if (released > 0)
      context.log.info('deliveries in flight when the last run stopped are sent again', { released });
  }
  const worker = createDeliveryWorker({
    outbox,
    destinations,
    now: context.now,
    pollMs: 250,
    onError: (error) =>
      context.log.error('delivery worker', {
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  });
  const versionsDb = await store.database.session();
  const watches = failureWatches(setup.destinations ?? {});
  // Without routing every destination gets every alert, except those there to hear about failures.
  const failureTargets = new Set([...watches.values()].map((watch) => watch.alert));
  // Only the file's own destinations: the demo's belong to the demo workspace.
  const alerted = [...created.value.keys()].filter((name) => !failureTargets.has(name));
  const fileDefinition =
    setup.ir === null
      ? null
      : {
          workspace: setup.workspace,
          definition: liveDefinition(setup.ir, setup.routing, { shadow: false, destinations: alerted }),
        };
  const definitions = new WorkspaceDefinitions(versionsDb, fileDefinition, context.log);
  const engine = await RealtimeEngine.create({
    store: { database: store.database, ...role.commits },
    definitions: definitions.forWorkspace,
    beforeSweep: async () => {
      role.sweepBegins();
      await definitions.refresh();
    },
    evaluation: { domainAccounts: context.config.domainAccounts },
    feed: context.feed,
    log: context.log,
    now: context.now,
    baseUrl: context.baseUrl,
    claimDeliveries: () => worker.claim(),
    onEnqueued: ({ claimed, unclaimed }) =>
      Promise.all([
        worker.sendClaimed(claimed, DELIVERY_HEAD_START_MS),
        unclaimed > 0 ? worker.wakeAndWait(DELIVERY_HEAD_START_MS) : undefined,
      ]),
    ...(role.engine === undefined ? {} : { cluster: role.engine }),
  });
  // Nodes starting together take turns: each activates the file and records baselines only after
  // seeing what the one before it recorded.
  await role.inTurn(async () => {
    if (setup.ir !== null && setup.source !== null) {
      await makeFileLive(versionsDb, setup.workspace, setup.source, setup.ir, context);
    }
    await definitions.refresh();
    await engine.prepare();
  });
  definitions.listen((workspaceId) => engine.adopt(workspaceId));
  role.attach(engine);
  worker.start();
  engine.start();
  const digestSession = await store.database.session();
  // Digests and failure notices go out from the leader only, so each is sent once across nodes.
  const digests = repeat(DIGEST_CHECK_MS, 'digest', context.log, async () => {
    if (role.isLeader()) await sendDueDigests(digestSession, destinations, context.now());
  });
  const failureSession = await store.database.session();
  const monitor = createFailureMonitor({
    db: failureSession,
    destinations,
    watches,
    now: context.now,
    onError: (message, detail) => context.log.warn(message, detail),
  });
  const failures =
    watches.size === 0
      ? null
      : repeat(FAILURE_CHECK_MS, 'delivery failure alerts', context.log, async () => {
          if (role.isLeader()) await monitor.check();
        });
  return {
    engine,
    worker,
    destinations,
    definitions,
    async stop() {
      await digests.stop();
      await failures?.stop();
      await digestSession.close();
      await failureSession.close();
      definitions.close();
      await engine.stop();
      await worker.stop();
      await outboxSession.close();
      await versionsDb.close();
    },
  };
}

/** Runs `work` every `ms`, one run at a time, logging what it throws; `stop` waits for the run under way. */
function repeat(
  ms: number,
  label: string,
  log: Logger,
  work: () => Promise<unknown>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(work)
      .catch((error: unknown) =>
        log.error(label, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  }, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
