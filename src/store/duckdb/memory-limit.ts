/**
 * How much memory the embedded DuckDB may use (and, for a server, how many threads). DuckDB's own default is 80 % of RAM, which lets one
 * full score or backtest take the machine (4 GiB for a backtest over 11 M events); a limit makes it
 * spill to disk instead, slower but bounded. The default is sized for the machine: a quarter of RAM,
 * at least 256 MiB and at most 1 GiB (enough for a full score of 11 M events); a server's is smaller
 * (`SERVER_MEMORY_LIMIT`, `servedStore`).
 */
import { totalmem } from 'node:os';
import { GIB, MIB } from '../../lib/byte-size.ts';

export const DEFAULT_MEMORY_LIMIT_FLOOR = 256 * MIB;
export const DEFAULT_MEMORY_LIMIT_CEILING = GIB;

/**
 * A server's default, whatever the RAM. A server's DuckDB appends events, saves the real-time state
 * and answers the dashboard; the passes read only the rows they heard, and the state lives in the
 * JS heap beside it; full scores and backtests run as commands with the larger default. Issue 16
 * asks for RSS ≤ 1 GiB serving a 10 M-event store: at 512 MiB (an eighth of this machine's RAM,
 * the default before) the server peaked at 1,310 MiB, at 256 MiB at 1,108 (session 13, one run
 * each). Batch work inside the server fits: a version activated through the API had its baseline
 * (a full SQL score of the 10 M events) 12.1 s later and its state caught up 200 s later, peak RSS
 * 972 MiB, no error (compiled server, one thread, session 13).
 */
export const SERVER_MEMORY_LIMIT = 256 * MIB;

/**
 * A server's DuckDB runs on one thread. Its passes read little (the rows they heard), but a state
 * save's upsert and commit on two threads took both cores of a 2-core machine, and the passes'
 * own statements waited: in three-minute goal runs (issue 16) p99 180–373 ms, max 215–510 ms, over
 * six runs on two threads; 152–201 ms, max 177–275 ms, over four on one, the catch-up no slower.
 * Batch work in the server (a new version's baseline) runs on that thread too: 12 s at 10 M events.
 */
export const SERVER_THREADS = 1;

/**
 * What `serve` opens the store with: the server's DuckDB defaults (`SERVER_MEMORY_LIMIT`, a
 * smaller limit than commands', and `SERVER_THREADS`) where the configuration sets no limit.
 */
export function servedStore<C extends { readonly memoryLimit?: number | undefined }>(
  config: C,
): C & { readonly memoryLimit: number; readonly threads: number } {
  return { ...config, memoryLimit: config.memoryLimit ?? SERVER_MEMORY_LIMIT, threads: SERVER_THREADS };
}

/** A quarter of `totalMemory` bytes, within 256 MiB–1 GiB. */
export function defaultMemoryLimit(totalMemory: number = totalmem()): number {
  const quarter = Math.floor(totalMemory / 4);
  return Math.min(DEFAULT_MEMORY_LIMIT_CEILING, Math.max(DEFAULT_MEMORY_LIMIT_FLOOR, quarter));
}

/** The `memory_limit` setting for DuckDB: the given bytes, else the machine's default. */
export function memoryLimitSetting(bytes: number | undefined): string {
  return `${bytes ?? defaultMemoryLimit()}B`;
}
