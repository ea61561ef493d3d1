/**
 * How much memory the embedded DuckDB may use. DuckDB's own default is 80 % of RAM, which lets one
 * full score or backtest take the machine (4 GiB for a backtest over 11 M events); a limit makes it
 * spill to disk instead, slower but bounded. The default is sized for the machine: a quarter of RAM,
 * at least 256 MiB and at most 1 GiB (enough for a full score of 11 M events).
 */
import { totalmem } from 'node:os';
import { GIB, MIB } from '../../lib/byte-size.ts';

export const DEFAULT_MEMORY_LIMIT_FLOOR = 256 * MIB;
export const DEFAULT_MEMORY_LIMIT_CEILING = GIB;

/** A quarter of `totalMemory` bytes, within 256 MiB–1 GiB. */
export function defaultMemoryLimit(totalMemory: number = totalmem()): number {
  const quarter = Math.floor(totalMemory / 4);
  return Math.min(DEFAULT_MEMORY_LIMIT_CEILING, Math.max(DEFAULT_MEMORY_LIMIT_FLOOR, quarter));
}

/** The `memory_limit` setting for DuckDB: the given bytes, else the machine's default. */
export function memoryLimitSetting(bytes: number | undefined): string {
  return `${bytes ?? defaultMemoryLimit()}B`;
}
