/**
 * What a receipt says of an aggregate signal's matching events, kept per cell: how many matched and
 * the first and last of them (`Matches`). Within a window: one (time, count) entry per distinct
 * millisecond, dropped as the window's edge passes it, like the count entries; over all history: a
 * running count and the first and last time.
 */
import type { Matches } from '../explain/index.ts';
import { EntryList } from './entry-list.ts';

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
  /** (time, count) entries within the window. */
  private entries = new EntryList();

  constructor(private readonly withinMs: number | null) {}

  snapshot(): MatchLogSnapshot {
    const { matched, first, last } = this;
    const { times, values } = this.entries.toArrays();
    return { matched, first, last, times, counts: values };
  }

  restore(snapshot: MatchLogSnapshot | undefined): void {
    if (snapshot === undefined) return;
    this.matched = snapshot.matched;
    this.first = snapshot.first;
    this.last = snapshot.last;
    this.entries = EntryList.from(snapshot.times, snapshot.counts);
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
    this.entries.add(time, 1);
  }

  expire(edge: number): void {
    this.entries.dropThrough(edge);
  }

  /** Call `expire` with the window's edge as of the time asked first. */
  matches(): Matches {
    if (this.withinMs === null) return { matched: this.matched, firstAt: this.first, lastAt: this.last };
    return entryMatches(this.entries);
  }

  get size(): number {
    return this.entries.length;
  }
}

/** Matches from (time, count) entries. */
export function entryMatches(entries: EntryList): Matches {
  return { matched: entries.sum(), firstAt: entries.firstTime(), lastAt: entries.lastTime() };
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
