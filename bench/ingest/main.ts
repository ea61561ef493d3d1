/**
 * bench:ingest — the collector's throughput and latency, measured from a separate process.
 *   1. /v1/batch, 100-event batches, many connections: acknowledged events/s, p50/p99 per request
 *   2. /v1/track, single events: requests/s, p99
 *   3. the in-process limit: the same batches parsed, normalised and appended in a tight loop
 * Prints a table and, last, one JSON line. Every acknowledgement is after a durable commit.
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { normalizeMessage } from '../../src/collect/normalize.ts';
import type { NormalizedMessage } from '../../src/collect/normalized-message.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { spawnServer } from '../../test/support/server-process.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { type LoadResult, peakRssMiB, percentile, runLoad } from '../support/http-load.ts';
import { BATCH, batchBodies, event, INGEST_HEADERS as headers } from '../support/ingest-bodies.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

function row(name: string, r: LoadResult, unitsPerRequest: number) {
  const sorted = r.latenciesMs.slice().sort();
  return {
    name,
    perSecond: Math.round((r.ok * unitsPerRequest) / r.seconds),
    requestsPerSecond: Math.round(r.ok / r.seconds),
    p50ms: +percentile(sorted, 50).toFixed(2),
    p99ms: +percentile(sorted, 99).toFixed(2),
    failed: r.requests - r.ok,
  };
}

async function inProcessLimit(seconds: number): Promise<number> {
  const dir = tempDir('kindling-bench-');
  const store = await DuckDbStore.open(join(dir.path, 'data'));
  const bodies = batchBodies('inproc-');
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let stored = 0;
  let n = 0;
  const inFlight = new Set<Promise<void>>();
  while (performance.now() < deadline) {
    const raw = JSON.parse(bodies(n++)) as { batch: unknown[] };
    const receivedAt = Date.now();
    const messages: NormalizedMessage[] = [];
    for (const m of raw.batch) {
      const r = normalizeMessage(m, { receivedAt, endpointType: null, batchSentAt: null });
      if (r.ok) messages.push(r.value);
    }
    const p = store.append('default', messages, []).then((o) => {
      stored += o.stored;
      inFlight.delete(p);
    });
    inFlight.add(p);
    // As many writes in flight as the HTTP run has connections, so group commit batches alike.
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const rate = stored / ((performance.now() - started) / 1000);
  await store.close();
  dir.remove();
  return Math.round(rate);
}

async function main(): Promise<void> {
  const dir = tempDir('kindling-bench-');
  const server = await spawnServer(join(dir.path, 'data'));
  const pid = server.child.pid ?? 0;
  process.stderr.write(
    `bench:ingest: server pid ${pid} at ${server.url}; ${SECONDS}s per phase, ${CONCURRENCY} connections\n`,
  );
  try {
    await runLoad({
      url: server.url,
      path: '/v1/batch',
      headers,
      concurrency: 4,
      seconds: 2,
      body: batchBodies('warm-'),
    });
    const batch = row(
      'batch /v1/batch (100/req)',
      await runLoad({
        url: server.url,
        path: '/v1/batch',
        headers,
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        body: batchBodies('b-'),
      }),
      BATCH,
    );
    const single = row(
      'single /v1/track',
      await runLoad({
        url: server.url,
        path: '/v1/track',
        headers,
        concurrency: CONCURRENCY * 2,
        seconds: SECONDS,
        body: (n) => JSON.stringify(event(10_000_000 + n)).replace('"bench-', '"t-'),
      }),
      1,
    );
    const serverPeakRss = peakRssMiB(pid);
    server.child.kill('SIGTERM');
    await server.exited;

    const inProcess = await inProcessLimit(SECONDS / 2);
    const ratio = +(batch.perSecond / inProcess).toFixed(2);
    const table = [
      ['phase', 'events/s', 'req/s', 'p50 ms', 'p99 ms', 'failed'],
      [batch.name, batch.perSecond, batch.requestsPerSecond, batch.p50ms, batch.p99ms, batch.failed],
      [single.name, single.perSecond, single.requestsPerSecond, single.p50ms, single.p99ms, single.failed],
      ['in-process parse+append', inProcess, '-', '-', '-', '-'],
    ];
    for (const r of table)
      process.stdout.write(`${r.map((c, i) => String(c).padEnd(i === 0 ? 28 : 10)).join(' ')}\n`);
    process.stdout.write(
      `batch / in-process ratio: ${ratio}; server peak RSS ${serverPeakRss} MiB; driver peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ingest',
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model,
          memGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
        },
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        batch,
        single,
        inProcessEventsPerSecond: inProcess,
        batchToInProcessRatio: ratio,
        serverPeakRssMiB: serverPeakRss,
        driverPeakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      })}\n`,
    );
  } finally {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    dir.remove();
  }
}

await main();
