/**
 * Memory of the server's first real-time pass over a stored history (issue 16): the incremental
 * scorer rebuilds its state from every stored event, rescores every entity and saves the state.
 * Fills a data directory with BENCH_PRELOAD_EVENTS demo events (bench/latency/preload.ts), starts
 * `kindling serve` on it (examples/team-plan-pql.yml, as bench:latency), sends one batch to start a
 * pass and samples the server's RSS until the state has caught up with the store: the rebuild reads
 * history in chunks, one per pass, and the first pass after the last chunk rescores every entity
 * (`scoredAll`). Prints one JSON line: peak RSS (the kernel's VmHWM), time to the first pass and
 * to the caught-up one, catch-up passes, the load average.
 *
 * Run: BENCH_PRELOAD_EVENTS=1000000 node --import tsx bench/realtime-rebuild-memory.ts
 * BENCH_PRELOADED_DIR=<dir> keeps the preloaded store there (filled on the first run) and copies it
 * for each run, so before/after runs share one preload (BENCH_PRELOAD_ONLY=1: fill it and stop).
 * NODE_OPTIONS reaches the server.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { spawnServer } from '../test/support/server-process.ts';
import { tempDir } from '../test/support/temp-dir.ts';
import { WRITE_KEY } from '../test/support/test-server.ts';
import { PassLog } from './latency/pass-log.ts';
import { preloadDemoEvents } from './latency/preload.ts';

const env = z
  .object({
    BENCH_PRELOAD_EVENTS: z.coerce.number().int().positive().default(1_000_000),
    BENCH_PRELOADED_DIR: z.string().optional(),
    BENCH_PRELOAD_ONLY: z.enum(['0', '1']).default('0'),
    /** Give up on the first pass after this long. */
    BENCH_DEADLINE_SECONDS: z.coerce.number().positive().default(1800),
  })
  .parse(process.env);

/** Peak and current resident set of a process, bytes (Linux /proc). */
function memoryOf(pid: number): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { peak: kb('VmHWM'), current: kb('VmRSS') };
}

const MIB = 1024 * 1024;

async function main(): Promise<void> {
  const dir = tempDir('kindling-rebuild-');
  const data = join(dir.path, 'data');
  let preloadSeconds: number | null = null;
  const keep = env.BENCH_PRELOADED_DIR;
  if (keep === undefined || !existsSync(keep)) {
    const preloaded = await preloadDemoEvents(keep ?? data, {
      events: env.BENCH_PRELOAD_EVENTS,
      workspaceId: 'default',
      scratchDir: dir.path,
    });
    preloadSeconds = Math.round(preloaded.seconds);
    console.log(
      `preloaded ${preloaded.events.toLocaleString('en')} events (${preloaded.users.toLocaleString('en')} users) in ${preloadSeconds} s`,
    );
  }
  if (env.BENCH_PRELOAD_ONLY === '1') {
    dir.remove();
    return;
  }
  if (keep !== undefined) cpSync(keep, data, { recursive: true });

  const definition = join(dir.path, 'kindling.yml');
  writeFileSync(definition, readFileSync('examples/team-plan-pql.yml', 'utf8'));
  const server = await spawnServer(data, ['--definition', definition, '--log-level', 'debug']);
  const pid = server.child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  const passLog = new PassLog();
  let catchUpPasses = 0;
  let caughtUp = false;
  let partial = '';
  server.child.stderr?.on('data', (chunk: Buffer) => {
    passLog.feed(chunk.toString());
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"real-time pass"')) continue;
      if (line.includes('"behind":')) catchUpPasses++;
      if (line.includes('"scoredAll":true')) caughtUp = true;
    }
  });
  let died: string | null = null;
  void server.exited.then((how) => {
    died = how;
  });

  const started = performance.now();
  const now = new Date().toISOString();
  const response = await fetch(new URL('/v1/batch', server.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
    },
    body: JSON.stringify({
      batch: [
        {
          type: 'track',
          messageId: 'rebuild-1',
          userId: 'rebuild-user',
          event: 'Feature Used',
          timestamp: now,
        },
      ],
    }),
  });
  if (!response.ok) throw new Error(`the batch was refused: HTTP ${response.status}`);

  const samples: { s: number; rssMiB: number }[] = [];
  let peak = 0;
  const deadline = started + env.BENCH_DEADLINE_SECONDS * 1000;
  let firstPassSeconds: number | null = null;
  while (!caughtUp && died === null && performance.now() < deadline) {
    if (firstPassSeconds === null && passLog.passes.length > 0) {
      firstPassSeconds = (performance.now() - started) / 1000;
    }
    try {
      const memory = memoryOf(pid);
      peak = Math.max(peak, memory.peak);
      samples.push({
        s: Math.round((performance.now() - started) / 1000),
        rssMiB: Math.round(memory.current / MIB),
      });
    } catch {
      // the process is gone: `died` says how on the next turn
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const caughtUpSeconds = caughtUp ? (performance.now() - started) / 1000 : null;
  const tenths = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10) / 10);
  if (died === null) peak = Math.max(peak, memoryOf(pid).peak);
  const result = {
    bench: 'realtime-rebuild-memory',
    events: env.BENCH_PRELOAD_EVENTS,
    preloadSeconds,
    firstPassSeconds: tenths(firstPassSeconds),
    caughtUpSeconds: tenths(caughtUpSeconds),
    catchUpPasses,
    peakRssMiB: Math.round(peak / MIB),
    died,
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    nodeOptions: process.env.NODE_OPTIONS ?? null,
    // one sample in ten, enough to see where the peak falls
    rssTimeline: samples.filter((_, index) => index % 10 === 0),
  };
  console.log(JSON.stringify(result));
  if (died !== null || caughtUpSeconds === null) console.error(passLog.tail());
  server.child.kill('SIGTERM');
  await server.exited;
  dir.remove();
  process.exit(caughtUpSeconds === null ? 1 : 0);
}

await main();
