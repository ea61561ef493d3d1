/**
 * Rows sorted by time ([t0, a0, b0…, t1, a1, b1…]) in a block of a pool shared by every list of
 * the same width (row-pool.ts), made at the first row and moved to the next size (≈ √2 larger)
 * when full: a row costs the pool's `rowBytes` (plus ≈ 15 % of room on average), off the JS heap, with
 * no object per row nor per list beyond the list itself. The base of a windowed sum's entries
 * (entry-list.ts), a cell's event log (event-log.ts) and a distinct property's latest times
 * (latest-times.ts).
 */
import { type MaskColumn, NO_MASKS, RowPool } from './row-pool.ts';

const NO_ROWS = new Float64Array(0);

export class TimeRows {
  /** The block's handle in the pool; -1 while there is none. */
  private block = -1;
  /** The chunk the block is in, and where in it the block's numbers start. */
  protected data: Float64Array = NO_ROWS;
  private base = 0;
  /** The chunk's mask column (when the pool's rows have masks), and where the block's start in it. */
  protected masks: MaskColumn = NO_MASKS;
  private maskBase = 0;
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

  /** Where row `index`'s numbers start in `this.data`. */
  protected at(index: number): number {
    return this.base + index * this.stride;
  }

  /** Where row `index`'s masks start in `this.masks`. */
  protected maskAt(index: number): number {
    return this.maskBase + index * this.pool.masks;
  }

  timeAt(index: number): number {
    return index < this.count ? (this.data[this.at(index)] ?? Number.NaN) : Number.NaN;
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
    const { data } = this;
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
    this.dropFirst(this.firstAfter(edge));
  }

  /** Drops the first `gone` rows. */
  protected dropFirst(gone: number): void {
    if (gone === 0) return;
    const left = this.count - gone;
    if (left === 0) {
      this.release();
      return;
    }
    // A window that emptied most of its room gives it back.
    if (this.room > 4 * left) this.move(left, gone);
    else this.copyRows(0, gone, this.count);
    this.count = left;
  }

  /** Moves the rows to a new block when theirs is in a chunk the pool is emptying (row-pool.ts). */
  relocate(): void {
    if (this.block >= 0 && this.pool.emptying(this.block)) this.move(this.count, 0);
  }

  /** The rows' numbers in order, flat (a snapshot). */
  protected flat(): number[] {
    return this.count === 0 ? [] : Array.from(this.data.subarray(this.at(0), this.at(this.count)));
  }

  /** Replaces the rows with `flat` (a snapshot: whole rows of numbers, sorted by time). */
  protected load(flat: readonly number[]): void {
    const rows = Math.floor(flat.length / this.stride);
    this.openRows(rows);
    if (rows > 0) this.data.set(flat.slice(0, rows * this.stride), this.at(0));
  }

  /** Empties the list and makes `rows` rows for the caller to fill. */
  protected openRows(rows: number): void {
    this.release();
    if (rows === 0) return;
    this.move(rows, 0);
    this.count = rows;
  }

  /** Opens an empty row at `index` and returns the data it is in (its numbers start at `this.at(index)`). */
  protected insertRow(index: number): Float64Array {
    if (this.count === this.room) this.move(this.count + 1, 0);
    this.copyRows(index + 1, index, this.count);
    this.count += 1;
    return this.data;
  }

  /** Removes row `index`, the rows after it moving up. */
  protected removeRow(index: number): void {
    if (index < 0 || index >= this.count) return;
    this.copyRows(index, index + 1, this.count);
    this.count -= 1;
    if (this.count === 0) this.release();
  }

  /** Moves the rows from `from` on into a new block with room for `rows`, giving the old one back. */
  private move(rows: number, from: number): void {
    const { pool } = this;
    const block = pool.allocate(rows);
    const data = pool.chunkOf(block);
    const base = pool.rowOf(block) * this.stride;
    const masks = pool.masksOf(block);
    const maskBase = pool.rowOf(block) * pool.masks;
    const kept = this.count - from;
    if (this.block >= 0 && kept > 0) {
      data.set(this.data.subarray(this.at(from), this.at(this.count)), base);
      if (pool.masks > 0)
        masks.set(this.masks.subarray(this.maskAt(from), this.maskAt(this.count)), maskBase);
    }
    this.release();
    this.block = block;
    this.data = data;
    this.base = base;
    this.masks = masks;
    this.maskBase = maskBase;
    this.room = RowPool.roomFor(rows);
    this.count = kept;
  }

  /** Copies rows `from` up to `end` (of this block) to start at row `to`, masks too. */
  private copyRows(to: number, from: number, end: number): void {
    this.data.copyWithin(this.at(to), this.at(from), this.at(end));
    if (this.pool.masks > 0) this.masks.copyWithin(this.maskAt(to), this.maskAt(from), this.maskAt(end));
  }

  /** Gives the block back: no rows, no room. */
  private release(): void {
    if (this.block >= 0) this.pool.release(this.block, this.room);
    this.block = -1;
    this.data = NO_ROWS;
    this.base = 0;
    this.masks = NO_MASKS;
    this.maskBase = 0;
    this.room = 0;
    this.count = 0;
  }
}
