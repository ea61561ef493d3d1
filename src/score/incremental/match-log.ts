/**
 * What a receipt says of an aggregate signal's matching events, kept per cell: how many matched and
 * the first and last of them (`Matches`). Within a window: one (time, count) entry per distinct
 * millisecond, dropped as the window's edge passes it, like the count entries; over all history: a
 * running count and the first and last time.
 */
import type { Matches } from '../explain/index.ts';

/** A match log as plain JSON (absent in state saved before receipts came from the state). */
export interface MatchLogSnapshot {
  readonly matched: number;
  readonly first: number | null;
  readonly last: number | null;
  readonly times: readonly number[];
  readonly counts: readonly number[];
}

export class MatchLog {
  private matched = 0;
  private first: number | null = null;
  private last: number | null = null;
  private readonly times: number[] = [];
  private readonly counts: number[] = [];

  constructor(private readonly withinMs: number | null) {}

  snapshot(): MatchLogSnapshot {
    const { matched, first, last } = this;
    return { matched, first, last, times: [...this.times], counts: [...this.counts] };
  }

  restore(snapshot: MatchLogSnapshot | undefined): void {
    if (snapshot === undefined) return;
    this.matched = snapshot.matched;
    this.first = snapshot.first;
    this.last = snapshot.last;
    this.times.splice(0, this.times.length, ...snapshot.times);
    this.counts.splice(0, this.counts.length, ...snapshot.counts);
  }

  /** `edge`: events at or before it are already outside every window still to be asked. */
  add(time: number, edge: number): void {
    if (this.withinMs === null) {
      this.matched += 1;
      if (this.first === null || time < this.first) this.first = time;
      if (this.last === null || time > this.last) this.last = time;
      return;
    }
    if (time <= edge) return;
    addEntry(this.times, this.counts, time, 1);
  }

  expire(edge: number): void {
    dropThrough(this.times, this.counts, edge);
  }

  /** Call `expire` with the window's edge as of the time asked first. */
  matches(): Matches {
    if (this.withinMs === null) return { matched: this.matched, firstAt: this.first, lastAt: this.last };
    return entryMatches(this.times, this.counts);
  }

  get size(): number {
    return this.times.length;
  }
}

/** Adds `amount` at `time` to entries sorted by time, one per distinct millisecond. */
export function addEntry(times: number[], amounts: number[], time: number, amount: number): void {
  const at = firstAfter(times, time);
  if (at > 0 && times[at - 1] === time) amounts[at - 1] = (amounts[at - 1] ?? 0) + amount;
  else {
    times.splice(at, 0, time);
    amounts.splice(at, 0, amount);
  }
}

/** Drops the entries at or before `edge`. */
export function dropThrough(times: number[], amounts: number[], edge: number): void {
  const gone = firstAfter(times, edge);
  if (gone === 0) return;
  times.splice(0, gone);
  amounts.splice(0, gone);
}

/** Matches from (time, count) entries. */
export function entryMatches(times: readonly number[], counts: readonly number[]): Matches {
  let matched = 0;
  for (const count of counts) matched += count;
  return { matched, firstAt: times[0] ?? null, lastAt: times.at(-1) ?? null };
}

/** Several cells' matches as one entity's. */
export function mergeMatches(into: Matches, more: Matches): Matches {
  const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number) =>
    a === null ? b : b === null ? a : f(a, b);
  return {
    matched: into.matched + more.matched,
    firstAt: pick(into.firstAt, more.firstAt, Math.min),
    lastAt: pick(into.lastAt, more.lastAt, Math.max),
  };
}

/** The first index whose time is > `time` in an ascending array. */
function firstAfter(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? 0) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
