/**
 * How long opening a store takes (migrations plus the dedupe index), and the memory it holds after.
 * Run twice on the bench:score data: the first open after an import rebuilds the index from the
 * stored ids, the next restores the snapshot the first one wrote on close.
 *   node --import tsx bench/store-open.ts [data-dir]
 */
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.ts';

const dataDir = process.argv[2] ?? '.bench-cache/score-100000-10000-90/data';
// The bench:score data was received "as of" its end date, so the dedupe window is measured from there.
const now = () => Date.UTC(2025, 5, 2);
const started = performance.now();
const store = await DuckDbStore.open(dataDir, now);
const ms = Math.round(performance.now() - started);
const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
await store.close();
process.stdout.write(`${JSON.stringify({ bench: 'store-open', dataDir, openMs: ms, rssMiB: rss })}\n`);
