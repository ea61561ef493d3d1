/**
 * bench:latency — from the acknowledgement of a qualifying event to the arrival of its Slack alert.
 *
 * A `kindling serve` process (team-plan definition, one Slack destination) takes a sustained
 * background load of BENCH_RATE events/s (default 5,000: 100-event batches every 20 ms, from
 * accounts that never pass the activation gate). Every BENCH_EVERY_MS (default 1,500, under Slack's
 * one message per second) one new account sends, in one batch, the events that make it "burning".
 * A local Slack-compatible receiver timestamps each alert on arrival; the bench matches it to the
 * account and reports p50/p95/p99 of (arrival − acknowledgement), all on this process's clock.
 * BENCH_SHAPE picks the traffic (scenarios.ts): `accounts` (default, as above) or `users` (users
 * with no account, a user-level definition, a new user viewing /pricing twice).
 * BENCH_PRELOAD_EVENTS (default 0) fills the store with that many demo-generator events first
 * (preload.ts), to measure the real-time path over a stored history. The server runs at debug level
 * so its pass log gives the median pass time in the first and last tenth of the load (pass-log.ts);
 * the server's peak RSS and the machine's load average are reported beside the latencies.
 * BENCH_SERVER=dist runs the server compiled, as `kindling serve` runs after `npm ci` (the bench
 * builds it first: `npm run build`); the default, `source`, runs the TypeScript through tsx as the
 * tests do, which starts ≈ 50 MiB larger. BENCH_ALERTS_FILE=<path> writes each alert's
 * acknowledgement time and latency, one JSON line each, to line the slow ones up with the log.
 * Prints a table and, last, one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../../test/support/server-process.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { WRITE_KEY } from '../../test/support/test-server.ts';
import { peakRssMiB, percentile } from '../support/http-load.ts';
import { PassLog } from './pass-log.ts';
import { preloadDemoEvents } from './preload.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 5000);
const EVERY_MS = Number(process.env.BENCH_EVERY_MS ?? 1500);
const PRELOAD_EVENTS = Number(process.env.BENCH_PRELOAD_EVENTS ?? 0);
/** How long to wait, after the load, for alerts still on their way. */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);
const BATCH = 100;
const scenario = pickScenario(process.env.BENCH_SHAPE ?? 'accounts');
const SERVER = process.env.BENCH_SERVER ?? 'source';
if (SERVER !== 'source' && SERVER !== 'dist') {
  console.error(`BENCH_SERVER must be source or dist; got "${SERVER}"`);
  process.exit(2);
}
// The compiled server must be this checkout's: build it (a stale dist/ would measure older code).
if (SERVER === 'dist') execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/v1/batch',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: auth,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now()) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function pickScenario(shape: string): Scenario {
  const picked = SCENARIOS[shape];
  if (picked !== undefined) return picked;
  console.error(`BENCH_SHAPE must be one of ${Object.keys(SCENARIOS).join(', ')}; got "${shape}"`);
  process.exit(2);
}

let seq = 0;
const id = () => `lat-${process.pid}-${seq++}`;

/** Background: entities that are active but never qualify (the scenario says who). */
function backgroundBatch(n: number): string {
  return JSON.stringify({ batch: scenario.background(n, BATCH, id) });
}

async function main(): Promise<void> {
  const dir = tempDir();
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const at = performance.now();
      for (const match of body.matchAll(new RegExp(`${scenario.qualifyingPrefix}\\d+`, 'g')))
        if (!arrivals.has(match[0])) arrivals.set(match[0], at);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/bench`;

  const definition = join(dir.path, 'kindling.yml');
  writeFileSync(
    definition,
    `${scenario.definition}\ndestinations:\n  sales-slack:\n    kind: slack\n    webhook_url_env: BENCH_SLACK_URL\n    allow_private_network: true\n`,
  );
  process.env.BENCH_SLACK_URL = receiverUrl;
  if (!Number.isInteger(PRELOAD_EVENTS) || PRELOAD_EVENTS < 0) {
    console.error(
      `BENCH_PRELOAD_EVENTS must be a whole number ≥ 0; got "${process.env.BENCH_PRELOAD_EVENTS}"`,
    );
    process.exit(2);
  }
  // BENCH_PRELOADED_DIR keeps the preloaded store there (filled on the first run with
  // BENCH_PRELOAD_EVENTS events) and copies it for each later run, which skips the preload.
  const kept = process.env.BENCH_PRELOADED_DIR;
  const data = join(dir.path, 'data');
  const preloaded =
    PRELOAD_EVENTS === 0 || (kept !== undefined && existsSync(kept))
      ? null
      : await preloadDemoEvents(kept ?? data, {
          events: PRELOAD_EVENTS,
          workspaceId: 'default',
          scratchDir: dir.path,
        });
  if (preloaded !== null)
    console.log(
      `preloaded ${preloaded.events.toLocaleString('en')} of ${preloaded.generated.toLocaleString('en')} generated demo events (${preloaded.users.toLocaleString('en')} users) in ${preloaded.seconds.toFixed(0)} s`,
    );
  if (kept !== undefined && existsSync(kept)) {
    cpSync(kept, data, { recursive: true });
    if (preloaded === null) console.log(`preloaded store copied from ${kept}`);
  }
  const server = await spawnServer(
    data,
    ['--definition', definition, '--log-level', 'debug'],
    SERVER === 'dist' ? { KINDLING_FROM_SOURCE: '0' } : {},
  );
  if (process.env.BENCH_LOG_LEVEL === 'debug') server.child.stderr?.pipe(process.stderr);
  // A failed pass leaves its alerts to the minute sweep: counted, they explain a slow tail.
  const passLog = new PassLog();
  server.child.stderr?.on('data', (chunk: Buffer) => passLog.feed(chunk.toString()));
  const url = new URL(server.url);
  // The engine builds its state from the stored history over its first passes (alerts wait until
  // it has caught up): one background batch starts them, and the load waits until a pass has scored
  // every entity (how long is reported), so the run measures the steady state, not the one-off build.
  const warming = performance.now();
  await post(url, backgroundBatch(-1));
  let died: string | null = null;
  void server.exited.then((how) => {
    died = how;
  });
  while (!passLog.caughtUp && died === null) await new Promise((r) => setTimeout(r, 200));
  if (died !== null) {
    console.error(`the server exited (${died}) before its state caught up:\n${passLog.tail()}`);
    process.exit(1);
  }
  const readySeconds = (performance.now() - warming) / 1000;
  console.log(`state caught up with the stored history after ${readySeconds.toFixed(1)} s`);

  console.log(
    `bench:latency (${scenario.name}) — ${SECONDS}s, background ${RATE} events/s, one qualifying entity every ${EVERY_MS} ms`,
  );
  const acks = new Map<string, number>();
  const errors: string[] = [];
  let background = 0;
  const started = performance.now();
  const startedAt = Date.now();
  const end = started + SECONDS * 1000;
  const perBatchMs = (BATCH / RATE) * 1000;
  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.catch((e: unknown) => errors.push(String(e))).finally(() => inflight.delete(p));
  };
  let nextBackground = started;
  let nextQualifying = started + 2000;
  let qualifying = 0;
  while (performance.now() < end) {
    const now = performance.now();
    while (nextBackground <= now) {
      track(post(url, backgroundBatch(background++)));
      nextBackground += perBatchMs;
    }
    if (nextQualifying <= now) {
      const entity = `${scenario.qualifyingPrefix}${qualifying++}`;
      track(
        post(url, JSON.stringify(scenario.qualifying(entity))).then((at) => {
          acks.set(entity, at);
          if (process.env.BENCH_KEEP === '1') console.log(`acked ${entity} ${Date.now()}`);
        }),
      );
      nextQualifying += EVERY_MS;
    }
    await new Promise((r) =>
      setTimeout(r, Math.max(0, Math.min(nextBackground, nextQualifying) - performance.now())),
    );
  }
  const sentSeconds = (performance.now() - started) / 1000;
  const endedAt = Date.now();
  const load = loadavg();
  await Promise.allSettled([...inflight]);
  const waitUntil = performance.now() + DRAIN_SECONDS * 1000;
  while (arrivals.size < acks.size && performance.now() < waitUntil)
    await new Promise((r) => setTimeout(r, 100));

  const latencies = [...acks].flatMap(([entity, ack]) => {
    const at = arrivals.get(entity);
    return at === undefined ? [] : [at - ack];
  });
  const alertsFile = process.env.BENCH_ALERTS_FILE;
  if (alertsFile !== undefined)
    writeFileSync(
      alertsFile,
      [...acks]
        .map(([entity, ack]) => {
          const at = arrivals.get(entity);
          const ackAt = new Date(performance.timeOrigin + ack).toISOString();
          return JSON.stringify({ entity, ackAt, ms: at === undefined ? null : Math.round(at - ack) });
        })
        .join('\n'),
    );
  const sorted = Float64Array.from(latencies).sort();
  const missing = acks.size - latencies.length;
  const serverPeakRssMiB = server.child.pid === undefined ? Number.NaN : peakRssMiB(server.child.pid);
  const passTenths = passLog.tenths(startedAt, endedAt);
  server.child.kill('SIGTERM');
  await server.exited;
  receiver.close();
  if (process.env.BENCH_KEEP === '1') console.log(`kept ${dir.path}`);
  else dir.remove();

  const result = {
    bench: 'latency',
    shape: scenario.name,
    server: SERVER,
    seconds: Number(sentSeconds.toFixed(1)),
    backgroundEventsPerSecond: Math.round((background * BATCH) / sentSeconds),
    qualifying: acks.size,
    alertsReceived: latencies.length,
    missing,
    errors: errors.length,
    passFailures: passLog.failures,
    preloadedEvents: preloaded?.events ?? (kept === undefined ? 0 : PRELOAD_EVENTS),
    caughtUpSeconds: Math.round(readySeconds * 10) / 10,
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p95Ms: Number(percentile(sorted, 95).toFixed(1)),
    p99Ms: Number(percentile(sorted, 99).toFixed(1)),
    maxMs: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
    passes: passLog.passes.length,
    firstTenthPassMs: passTenths.firstMs,
    lastTenthPassMs: passTenths.lastMs,
    serverPeakRssMiB,
    loadAverage: load.map((value) => Number(value.toFixed(2))),
    targetP99Ms: 1000,
    cpus: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  console.log('');
  console.log('metric                          value');
  console.log(`background load (events/s)      ${result.backgroundEventsPerSecond}`);
  console.log(`qualifying entities             ${result.qualifying}`);
  console.log(
    `alerts received                 ${result.alertsReceived} (missing ${missing}, request errors ${errors.length})`,
  );
  console.log(
    `ack → alert p50 / p95 / p99     ${result.p50Ms} / ${result.p95Ms} / ${result.p99Ms} ms (max ${result.maxMs})`,
  );
  console.log(`failed real-time passes          ${passLog.failures}`);
  console.log(
    `median pass, first / last tenth ${result.firstTenthPassMs ?? '–'} / ${result.lastTenthPassMs ?? '–'} ms (${result.passes} passes)`,
  );
  console.log(`server peak RSS                 ${serverPeakRssMiB} MiB (${SERVER})`);
  console.log(`load average (1 / 5 / 15 min)   ${result.loadAverage.join(' / ')}`);
  console.log(`target p99                      ≤ 1000 ms: ${result.p99Ms <= 1000 ? 'met' : 'MISSED'}`);
  if (errors.length > 0) console.log(`first error: ${errors[0]}`);
  console.log(JSON.stringify(result));
}

await main();
