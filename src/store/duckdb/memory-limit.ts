/**
 * How much memory the embedded DuckDB may use (and, for a server, how many threads). DuckDB's own default is 80 % of RAM, which lets one
 * full score or backtest take the machine (4 GiB for a backtest over 11 M events); a limit makes it
 * spill to disk instead, slower but bounded. The default is sized for the machine: a quarter of RAM,
 * at least 256 MiB and at most 1 GiB (enough for a full score of 11 M events); a server's is smaller
 * (`defaultServerMemoryLimit`).
 */
import { totalmem } from 'node:os';
import { GIB, MIB } from '../../lib/byte-size.ts';

export const DEFAULT_MEMORY_LIMIT_FLOOR = 256 * MIB;
export const DEFAULT_MEMORY_LIMIT_CEILING = GIB;

/**
 * A server's default: an eighth of RAM within 256–512 MiB. A server's DuckDB appends events, reads
 * the new rows and answers the dashboard; the real-time state lives in the JS heap beside it, and
 * full scores and backtests run as commands with the larger default (issue 16: RSS ≤ 1 GiB serving
 * a 10 M-event store). 256 MiB made the real-time passes slower there (their reads miss the cache).
 */
export const SERVER_MEMORY_LIMIT_CEILING = 512 * MIB;

/**
 * A server's DuckDB runs on one thread. Its passes read little (the rows they heard), but a state
 * save's upsert and commit on two threads took both cores of a 2-core machine, and the passes'
 * own statements waited: in three-minute goal runs (issue 16) p99 180–373 ms, max 215–510 ms, over
 * six runs on two threads; 152–201 ms, max 177–275 ms, over four on one, the catch-up no slower.
 * Batch work in the server (a new version's baseline) runs on that thread too: 12 s at 10 M events.
 */
export const SERVER_THREADS = 1;

export function defaultServerMemoryLimit(totalMemory: number = totalmem()): number {
  return Math.min(
    SERVER_MEMORY_LIMIT_CEILING,
    Math.max(DEFAULT_MEMORY_LIMIT_FLOOR, Math.floor(totalMemory / 8)),
  );
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
