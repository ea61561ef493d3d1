/**
 * A windowed distinct property's values in one cell, each with the latest time it was seen, sorted
 * by that time (oldest first): a value counts while its latest time is inside the window, and the
 * window's edge drops a prefix. The times are rows of one number in a pool (time-rows.ts), the
 * values a parallel array. A `Map` of value → time held each time as a heap number of its own: at
 * 10 M stored events a quarter of a million objects that every full collection visits (issue 16).
 */
import { RowPool } from './row-pool.ts';
import { TimeRows } from './time-rows.ts';

export class LatestTimes extends TimeRows {
  /** Numbers per row: the time alone. */
  static readonly stride = 1;
  /** The values, in the rows' order. */
  private values: string[] = [];

  /** `pool`: rows of `LatestTimes.stride` numbers, shared by a scorer's lists (one of its own by default). */
  constructor(pool: RowPool = new RowPool(LatestTimes.stride)) {
    super(pool);
  }

  /** A list of (value, latest time) pairs, in any order (a saved snapshot). */
  static from(pairs: readonly (readonly [string, number])[], pool?: RowPool): LatestTimes {
    const list = new LatestTimes(pool);
    for (const [value, time] of pairs) list.see(value, time);
    return list;
  }

  get size(): number {
    return this.count;
  }

  /** Notes `value` seen at `time`: kept when later than its time so far. */
  see(value: string, time: number): void {
    const held = this.values.indexOf(value);
    if (held >= 0) {
      if (time <= this.timeAt(held)) return;
      this.removeRow(held);
      this.values.splice(held, 1);
    }
    const at = this.firstAfter(time);
    this.insertRow(at)[this.at(at)] = time;
    this.values.splice(at, 0, value);
  }

  /** Drops the values whose latest time is at or before `edge`. */
  override dropThrough(edge: number): void {
    const gone = this.firstAfter(edge);
    super.dropThrough(edge);
    if (gone > 0) this.values.splice(0, gone);
  }

  /** The values, oldest latest time first. */
  keys(): readonly string[] {
    return this.values;
  }

  /** (value, latest time) pairs, oldest first (a snapshot). */
  pairs(): [string, number][] {
    return this.values.map((value, index) => [value, this.timeAt(index)]);
  }
}
