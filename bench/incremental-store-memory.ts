/**
 * Memory of the incremental evaluator's state built from a real store, in this process (issue 16):
 * reads a data directory's events chunk by chunk as the real-time engine's catch-up does, folds them
 * into an IncrementalScorer for examples/team-plan-pql.yml (or BENCH_DEFINITION), scores every
 * entity, and prints one JSON line: heap, array buffers and RSS after a full GC, the state's size,
 * bytes per user key, and how long the fold and the full score took.
 *
 * Run: BENCH_DATA_DIR=<a preloaded data directory> node --expose-gc --import tsx bench/incremental-store-memory.ts
 * (fill one with BENCH_PRELOAD_EVENTS=… BENCH_PRELOADED_DIR=<dir> BENCH_PRELOAD_ONLY=1 npm run
 * bench:rebuild-memory). The directory is opened read-only on a copy, so it is left as it was.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadDefinition } from '../src/definition/load-definition.ts';
import { factsOf, IncrementalScorer } from '../src/score/incremental/index.ts';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { readDataset } from '../src/store/read-dataset.ts';
import { tempDir } from '../test/support/temp-dir.ts';

const env = z
  .object({
    BENCH_DATA_DIR: z.string().min(1),
    BENCH_DEFINITION: z.string().default('examples/team-plan-pql.yml'),
    BENCH_WORKSPACE: z.string().default('default'),
    BENCH_CHUNK_ROWS: z.coerce.number().int().positive().default(50_000),
  })
  .parse(process.env);

const MIB = 1024 * 1024;

function memory(): { heap: number; arrayBuffers: number; rss: number } {
  globalThis.gc?.();
  const used = process.memoryUsage();
  return { heap: used.heapUsed, arrayBuffers: used.arrayBuffers, rss: used.rss };
}

async function main(): Promise<void> {
  const ir = loadDefinition(readFileSync(env.BENCH_DEFINITION, 'utf8'), env.BENCH_DEFINITION).ir;
  if (ir === null) throw new Error(`${env.BENCH_DEFINITION} does not load`);
  const dir = tempDir('kindling-state-memory-');
  const data = join(dir.path, 'data');
  cpSync(env.BENCH_DATA_DIR, data, { recursive: true });
  const store = await DuckDbStore.open(data);
  const client = store.database.client;
  try {
    const [{ through } = { through: 0 }] = await client.query<{ through: number }>(
      'SELECT coalesce(max(seq), 0) AS through FROM events WHERE workspace_id = $1',
      [env.BENCH_WORKSPACE],
    );
    const before = memory();
    const scorer = new IncrementalScorer(ir, { domainAccounts: false });
    const now = Date.now();
    scorer.advance(now);
    const started = performance.now();
    let rows = 0;
    for (let after = 0; after < Number(through); after += env.BENCH_CHUNK_ROWS) {
      const chunk = await readDataset(client, env.BENCH_WORKSPACE, {
        kind: 'rows',
        afterSeq: after,
        throughSeq: Math.min(Number(through), after + env.BENCH_CHUNK_ROWS),
      });
      for (const fact of factsOf(chunk)) scorer.add(fact);
      rows += chunk.events.length;
    }
    const foldSeconds = (performance.now() - started) / 1000;
    scorer.compact();
    const after = memory();
    const scoring = performance.now();
    const scored = scorer.scoreAll(now).length;
    const scoreAllMs = performance.now() - scoring;
    const size = scorer.size();
    const heap = after.heap - before.heap;
    const buffers = after.arrayBuffers - before.arrayBuffers;
    console.log(
      JSON.stringify({
        bench: 'incremental-store-memory',
        definition: env.BENCH_DEFINITION,
        events: rows,
        state: size,
        heapMiB: Math.round(heap / MIB),
        arrayBuffersMiB: Math.round(buffers / MIB),
        rssMiB: Math.round(after.rss / MIB),
        bytesPerKey: Math.round((heap + buffers) / Math.max(1, size.keys)),
        foldSeconds: Number(foldSeconds.toFixed(1)),
        scoreAllMs: Math.round(scoreAllMs),
        scored,
      }),
    );
  } finally {
    await store.close();
    dir.remove();
  }
}

await main();
