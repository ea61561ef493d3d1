/**
 * bench:realtime-pass — how long one real-time pass takes as history grows, SQL scoring against
 * incremental scoring (issue 16). For each store size (BENCH_EVENTS, comma-separated; default
 * 100 000 and 1 000 000 stored events of the demo generator, 90 days, about 110 events per user,
 * 10 users per account, under examples/demo/seed-003-accounts.yml) the data is imported once into
 * .bench-cache/ and reused. Then, for each scoring, an engine starts on the store (its start-up is
 * not timed: the baseline, and for incremental the rebuild from the events), and BENCH_PASSES
 * commits of BENCH_BATCH events by existing users are appended one after another; each is followed
 * by its pass. Reported per scoring: the median pass (scoring + recording + commit, from the
 * engine's own pass line) and the median from the append to the end of the pass. Last line is JSON.
 * The incremental state is saved in the store, so a later run restores it; BENCH_REBUILD=1 forgets it
 * first. BENCH_SCORINGS=sql or =incremental runs one; BENCH_VERBOSE=1 prints every pass line.
 *
 * Receipts: after the passes, BENCH_RECEIPTS (default 20) accounts in a tier are made new again
 * (their entity states deleted, the workspace adopted again) and a sweep qualifies them; reported is
 * the time the pass spent on their receipts and contacts (the engine's `receiptMs`), per
 * qualification: a read of each account's rows from the store with `sql`, the scorer's state for
 * all of them at once with `incremental`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { normalizeMessage } from '../src/collect/normalize.ts';
import type { NormalizedMessage } from '../src/collect/normalized-message.ts';
import { loadDefinitionFile } from '../src/definition/load-definition.ts';
import { definitionVersion } from '../src/definition/output/version.ts';
import { generateDemo } from '../src/demo/generate-demo.ts';
import { importDemo } from '../src/demo/import-demo.ts';
import { writeDemo } from '../src/demo/write-demo.ts';
import type { Logger } from '../src/lib/logger.ts';
import type { Scoring } from '../src/realtime/pass-scores.ts';
import { QualificationFeed } from '../src/realtime/qualification-feed.ts';
import { RealtimeEngine } from '../src/realtime/realtime-engine.ts';
import { alertEverywhere } from '../src/realtime/routing-port.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';

const SIZES = (process.env.BENCH_EVENTS ?? '100000,1000000').split(',').map(Number);
const SCORINGS = (process.env.BENCH_SCORINGS ?? 'sql,incremental')
  .split(',')
  .filter((name): name is Scoring => name === 'sql' || name === 'incremental');
const PASSES = Number(process.env.BENCH_PASSES ?? 30);
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 20);
const DAYS = 90;
const END = Date.UTC(2025, 5, 2);
const DEFINITION = resolve(import.meta.dirname, '../examples/demo/seed-003-accounts.yml');
const WORKSPACE = 'default';
/** Each run's messages are new to the store (it keeps what earlier runs appended). */
const RUN = Date.now().toString(36);
const FEATURES = ['sql_editor', 'ai_summary', 'dashboards', 'alerts'];

const say = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function prepare(events: number): Promise<string> {
  const users = Math.max(100, Math.round(events / 110));
  const accounts = Math.max(10, Math.round(users / 10));
  const cache = resolve(import.meta.dirname, `../.bench-cache/realtime-pass-${users}-${accounts}-${DAYS}`);
  const dataDir = join(cache, 'data');
  if (!existsSync(join(cache, 'ready'))) {
    say(`generating ${users} users / ${accounts} accounts / ${DAYS} days (once; cached in ${cache})…`);
    const demo = generateDemo({ users, accounts, days: DAYS, seed: 1, endAt: END });
    const files = await writeDemo(demo, { dir: join(cache, 'demo'), gzip: false });
    const store = await DuckDbStore.open(dataDir, () => END);
    const { events: imported } = await importDemo(store, files, { workspaceId: WORKSPACE, receivedAt: END });
    say(`  imported ${imported.stored} events`);
    await store.readConn.run('CHECKPOINT');
    await store.close();
    writeFileSync(join(cache, 'ready'), `${imported.stored}\n`);
  }
  return dataDir;
}

interface PassFigures {
  readonly passMs: number;
  readonly appendToPassEndMs: number;
  readonly startMs: number;
  readonly rowsRead: number;
  /** Milliseconds spent on receipts and contacts per qualification, and how many were timed. */
  readonly receiptMsEach: number;
  readonly receipts: number;
}

async function run(dataDir: string, scoring: Scoring): Promise<PassFigures> {
  let clock = END + 60_000;
  const store = await DuckDbStore.open(dataDir, () => clock);
  const loaded = await loadDefinitionFile(DEFINITION);
  if (loaded.ir === null) throw new Error('the benchmark definition is invalid');
  const ir = loaded.ir;
  const live = { ir, version: definitionVersion(ir), shadow: false, router: alertEverywhere([]) };
  const passTimes: number[] = [];
  const receiptTime = { ms: 0, count: 0 };
  const log: Logger = {
    debug: (message, fields) => {
      if (message !== 'real-time pass' || fields === undefined) return;
      if (process.env.BENCH_VERBOSE === '1') say(`${scoring} pass ${JSON.stringify(fields)}`);
      const ms = (name: string) => (typeof fields[name] === 'number' ? Number(fields[name]) : 0);
      receiptTime.ms += ms('receiptMs');
      receiptTime.count += ms('receipts');
      // The pass's own laps: scoring (slice included), recording, saving and committing.
      passTimes.push(ms('scoreMs') + ms('recordMs') + ms('commitMs'));
    },
    info() {},
    warn() {},
    error: (message, fields) => say(`engine error: ${message} ${JSON.stringify(fields)}`),
  };
  if (process.env.BENCH_REBUILD === '1' && scoring === 'incremental') {
    // Forget the state an earlier run saved, so this one rebuilds it from the events.
    await store.database.client.run('DELETE FROM incremental_rows');
    await store.database.client.run('DELETE FROM incremental_checkpoints');
  }
  const started = performance.now();
  const engine = await RealtimeEngine.create({
    store,
    definitions: (ws) => (ws === WORKSPACE ? [live] : []),
    evaluation: { domainAccounts: false },
    feed: new QualificationFeed(),
    log,
    now: () => clock,
    workspaceIds: [WORKSPACE],
    sweepMs: 3_600_000,
    scoring,
  });
  await engine.prepare();
  engine.start();
  await engine.settle();
  const startMs = performance.now() - started;
  const rowsAtStart = engine.stats.incremental.rowsRead;
  const users = (
    await store.database.client.query<{ user_id: string }>(
      `SELECT DISTINCT user_id FROM events WHERE workspace_id = $1 AND user_id IS NOT NULL ORDER BY user_id LIMIT 2000`,
      [WORKSPACE],
    )
  ).map((row) => row.user_id);
  passTimes.length = 0;
  const endToEnd: number[] = [];
  let n = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    clock += 1_000;
    const messages: NormalizedMessage[] = [];
    for (let i = 0; i < BATCH; i++) {
      n++;
      const message = normalizeMessage(
        {
          type: 'track',
          messageId: `bench-${RUN}-${scoring}-${n}`,
          userId: users[(n * 7919) % users.length],
          event: 'Feature Used',
          properties: { feature: FEATURES[n % FEATURES.length] },
          timestamp: new Date(clock - (n % 5) * 1_000).toISOString(),
        },
        { receivedAt: clock, endpointType: null, batchSentAt: null },
      );
      if (message.ok) messages.push(message.value);
    }
    const t0 = performance.now();
    await store.append(WORKSPACE, messages, []);
    await engine.settle();
    endToEnd.push(performance.now() - t0);
  }
  const rowsRead = engine.stats.incremental.rowsRead - rowsAtStart;
  const passMs = Math.round(median(passTimes));
  // Accounts in a tier made new again: the next sweep qualifies each, with its receipt.
  const tiered = await store.database.client.query<{ entity_id: string }>(
    `SELECT entity_id FROM entity_states WHERE workspace_id = $1 AND definition_version = $2
       AND tier IS NOT NULL ORDER BY entity_id LIMIT ${Math.trunc(RECEIPTS)}`,
    [WORKSPACE, live.version],
  );
  for (const { entity_id } of tiered) {
    await store.database.client.run(
      'DELETE FROM entity_states WHERE workspace_id = $1 AND definition_version = $2 AND entity_id = $3',
      [WORKSPACE, live.version, entity_id],
    );
  }
  receiptTime.ms = 0;
  receiptTime.count = 0;
  engine.adopt(WORKSPACE);
  await engine.sweepNow();
  await engine.stop();
  await store.close();
  return {
    passMs,
    appendToPassEndMs: Math.round(median(endToEnd)),
    startMs: Math.round(startMs),
    rowsRead,
    receiptMsEach:
      receiptTime.count === 0 ? Number.NaN : Number((receiptTime.ms / receiptTime.count).toFixed(2)),
    receipts: receiptTime.count,
  };
}

async function main(): Promise<void> {
  const results: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const dataDir = await prepare(size);
    const probe = await DuckDbStore.open(dataDir, () => END);
    const [row] = await probe.database.client.query<{ n: number }>('SELECT count(*) AS n FROM events');
    await probe.close();
    const stored = Number(row?.n ?? 0);
    const figures: Record<string, PassFigures> = {};
    for (const scoring of SCORINGS) {
      figures[scoring] = await run(dataDir, scoring);
      say(`${stored} events, ${scoring}: ${JSON.stringify(figures[scoring])}`);
    }
    results.push({ storedEvents: stored, ...figures });
  }
  const load = loadavg().map((x) => Number(x.toFixed(2)));
  process.stdout.write(
    `${JSON.stringify({ bench: 'realtime-pass', passes: PASSES, batch: BATCH, loadavg: load, results })}\n`,
  );
}

await main();
