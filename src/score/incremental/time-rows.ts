/**
 * Rows sorted by time ([t0, a0, b0…, t1, a1, b1…]) in a block of a pool shared by every list of
 * the same width (row-pool.ts), made at the first row and moved to a block twice as large when
 * full: a row costs `stride` × 8 bytes (plus at most as much again of room), off the JS heap, with
 * no object per row nor per list beyond the list itself. The base of a windowed sum's entries
 * (entry-list.ts), a cell's event log (event-log.ts) and a distinct property's latest times
 * (latest-times.ts).
 */
import { RowPool } from './row-pool.ts';

export class TimeRows {
  /** The row the block starts at; -1 while there is none. */
  private start = -1;
  /** Rows of room in the block. */
  private room = 0;
  protected count = 0;

  constructor(protected readonly pool: RowPool) {}

  /** Numbers per row (the pool's). */
  protected get stride(): number {
    return this.pool.stride;
  }

  get length(): number {
    return this.count;
  }

  /** Where row `index`'s numbers start in `this.pool.data`. */
  protected at(index: number): number {
    return (this.start + index) * this.stride;
  }

  timeAt(index: number): number {
    return index < this.count ? (this.pool.data[this.at(index)] ?? Number.NaN) : Number.NaN;
  }

  /** The first (oldest) time, null when empty. */
  firstTime(): number | null {
    return this.count === 0 ? null : this.timeAt(0);
  }

  /** The last (newest) time, null when empty. */
  lastTime(): number | null {
    return this.count === 0 ? null : this.timeAt(this.count - 1);
  }

  /** The first index whose time is > `time` (the length when none is). */
  firstAfter(time: number): number {
    const { data } = this.pool;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((data[this.at(middle)] ?? 0) <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Drops the rows at or before `edge`. */
  dropThrough(edge: number): void {
    const gone = this.firstAfter(edge);
    if (gone === 0) return;
    const left = this.count - gone;
    if (left === 0) {
      this.release();
      return;
    }
    // A window that emptied most of its room gives it back.
    if (this.room > 4 * left) this.move(left, gone);
    else this.pool.data.copyWithin(this.at(0), this.at(gone), this.at(this.count));
    this.count = left;
  }

  /** The rows' numbers in order, flat (a snapshot). */
  protected flat(): number[] {
    return this.count === 0 ? [] : Array.from(this.pool.data.subarray(this.at(0), this.at(this.count)));
  }

  /** Replaces the rows with `flat` (a snapshot: whole rows, sorted by time). */
  protected load(flat: readonly number[]): void {
    this.release();
    const rows = Math.floor(flat.length / this.stride);
    if (rows === 0) return;
    this.move(rows, 0);
    this.pool.data.set(flat.slice(0, rows * this.stride), this.at(0));
    this.count = rows;
  }

  /** Opens an empty row at `index` and returns the data it is in (its numbers start at `this.at(index)`). */
  protected insertRow(index: number): Float64Array {
    if (this.count === this.room) this.move(this.count * 2, 0);
    const { data } = this.pool;
    data.copyWithin(this.at(index + 1), this.at(index), this.at(this.count));
    this.count += 1;
    return data;
  }

  /** Removes row `index`, the rows after it moving up. */
  protected removeRow(index: number): void {
    if (index < 0 || index >= this.count) return;
    this.pool.data.copyWithin(this.at(index), this.at(index + 1), this.at(this.count));
    this.count -= 1;
    if (this.count === 0) this.release();
  }

  /** Moves the rows from `from` on into a new block with room for `rows`, giving the old one back. */
  private move(rows: number, from: number): void {
    const start = this.pool.allocate(rows);
    const kept = this.count - from;
    if (this.start >= 0 && kept > 0) {
      const { data } = this.pool;
      data.copyWithin(start * this.stride, this.at(from), this.at(this.count));
    }
    this.release();
    this.start = start;
    this.room = RowPool.roomFor(rows);
    this.count = kept;
  }

  /** Gives the block back: no rows, no room. */
  private release(): void {
    if (this.start >= 0) this.pool.release(this.start, this.room);
    this.start = -1;
    this.room = 0;
    this.count = 0;
  }
}
