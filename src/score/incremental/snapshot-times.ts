/**
 * A cell snapshot's times written as differences (state format 3). Times were most of a saved unit:
 * an event-log row of a 13-digit epoch time and a one-word mask, a windowed sum repeating the time,
 * so a save's bytes (and its JSON and database work) grew by ≈ 40 bytes with each event in a window.
 * As differences from the time before, events seconds apart cost 4–5 digits (issue 16).
 *
 * Exact only for integers: the difference of two integers within ±2⁵² is an integer within ±2⁵³,
 * and summing them back gives each time again. A cell holding any other time (a fraction of a
 * millisecond, say) keeps its times as they are and says so by leaving `deltas` out.
 */
import type { CellSnapshot } from './cell.ts';

const EXACT_LIMIT = 2 ** 52;
const exact = (time: number): boolean => Number.isInteger(time) && Math.abs(time) <= EXACT_LIMIT;

/** Every `stride`-th number from 0 of `flat`, as differences from the one before (the first as is). */
function differences(flat: readonly number[], stride: number): number[] {
  const out = flat.slice();
  for (let i = stride; i < flat.length; i += stride) out[i] = (flat[i] ?? 0) - (flat[i - stride] ?? 0);
  return out;
}

/** The inverse of `differences`. */
function sums(flat: readonly number[], stride: number): number[] {
  const out = flat.slice();
  for (let i = stride; i < out.length; i += stride) out[i] = (out[i] ?? 0) + (out[i - stride] ?? 0);
  return out;
}

/** The snapshot's log, sums and latest values with `change` applied to their times. */
function changeTimes(
  snapshot: CellSnapshot,
  logStride: number,
  change: (flat: readonly number[], stride: number) => number[],
): Pick<CellSnapshot, 'log' | 'sums' | 'latest'> {
  const pairs = (list: readonly (readonly [string, number])[]): [string, number][] => {
    const times = change(
      list.map(([, time]) => time),
      1,
    );
    return list.map(([value], i) => [value, times[i] ?? 0]);
  };
  return {
    log: change(snapshot.log, logStride),
    ...(snapshot.sums === undefined
      ? {}
      : { sums: snapshot.sums.map(([times, values]) => [change(times, 1), values] as const) }),
    ...(snapshot.latest === undefined ? {} : { latest: snapshot.latest.map(pairs) }),
  };
}

function everyTime(snapshot: CellSnapshot, logStride: number, test: (time: number) => boolean): boolean {
  for (let i = 0; i < snapshot.log.length; i += logStride) if (!test(snapshot.log[i] ?? 0)) return false;
  for (const [times] of snapshot.sums ?? []) if (!times.every(test)) return false;
  for (const pairs of snapshot.latest ?? []) if (!pairs.every(([, time]) => test(time))) return false;
  return true;
}

/** `snapshot` with its log's, sums' and latest values' times as differences, where that is exact. */
export function packTimes(snapshot: CellSnapshot, logStride: number): CellSnapshot {
  if (!everyTime(snapshot, logStride, exact)) return snapshot;
  return { ...snapshot, deltas: true, ...changeTimes(snapshot, logStride, differences) };
}

/** The snapshot `packTimes` was given. */
export function unpackTimes(snapshot: CellSnapshot, logStride: number): CellSnapshot {
  if (snapshot.deltas !== true) return snapshot;
  const { deltas: _packed, ...rest } = snapshot;
  return { ...rest, ...changeTimes(snapshot, logStride, sums) };
}
