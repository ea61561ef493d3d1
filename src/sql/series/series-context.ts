/**
 * A series query scores every entity at each point of a time grid `as_of_j = start + j × step`
 * (j = 0 … count − 1) in one pass over the stored rows, instead of one query per `as_of`.
 *
 * The idea: whether a stored row counts for an entity as of `as_of_j` is a range of j. An event
 * exists from the first grid point at or after its timestamp; its user key may move to another
 * user when the key's identity link appears; an account membership starts at its time; a windowed
 * signal stops counting the event once the window has passed it. So each row carries a half-open
 * span `[from_j, to_j)` of grid indices, and every per-as-of figure is a sum or a union over spans:
 * counts and sums become +v/−v steps added up along j, distinct counts become merged spans per
 * distinct key, trait values the latest record over elementary segments. See docs/sql.md.
 */
import type { CompileContext } from '../compile/context.ts';

export interface SeriesGrid {
  /** Epoch ms of `as_of_0`. */
  readonly startMs: number;
  readonly stepMs: number;
  /** How many grid points (≥ 1). */
  readonly count: number;
}

export interface SeriesContext extends CompileContext {
  readonly grid: SeriesGrid;
}

/** Epoch ms of the grid's last point. */
export function lastGridMs(grid: SeriesGrid): number {
  return grid.startMs + (grid.count - 1) * grid.stepMs;
}

/**
 * The first grid index whose `as_of` is at or after the instant `ms` (SQL, epoch ms), clamped to
 * [0, count]: a row stamped `ms` exists from that index on; `count` means never within the grid.
 * `as_of_j ≥ ms` ⟺ `j ≥ ceil((ms − start) / step)`, computed in integers.
 */
export function gridIndex(ctx: SeriesContext, ms: string): string {
  const { startMs, stepMs, count } = ctx.grid;
  const start = ctx.dialect.number(startMs);
  const steps = ctx.dialect.intDiv(`${ms} - ${start} - 1`, String(stepMs));
  return `least(${count}, CASE WHEN ${ms} <= ${start} THEN 0 ELSE ${steps} + 1 END)`;
}

/** `gridIndex` of a timestamp column. */
export function gridIndexOf(ctx: SeriesContext, ts: string): string {
  return gridIndex(ctx, ctx.dialect.epochMs(ts));
}
