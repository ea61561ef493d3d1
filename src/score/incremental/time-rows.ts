/**
 * Rows sorted by time, packed in one Float64Array ([t0, a0, b0…, t1, a1, b1…]) made at the first
 * row and grown by doubling: a row costs `stride` × 8 bytes (plus at most as much again of room),
 * off the JS heap, with no object per row. The base of a windowed sum's entries (entry-list.ts) and
 * of a cell's event log (event-log.ts).
 */

/** Rows of room made at the first row. */
const FIRST_CAPACITY = 2;

export class TimeRows {
  /** null while empty. */
  protected data: Float64Array | null = null;
  protected count = 0;

  /** `stride`: numbers per row, the time first. */
  constructor(protected readonly stride: number) {}

  get length(): number {
    return this.count;
  }

  timeAt(index: number): number {
    return this.data?.[index * this.stride] ?? Number.NaN;
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
    const { data, stride } = this;
    if (data === null) return 0;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((data[middle * stride] ?? 0) <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Drops the rows at or before `edge`. */
  dropThrough(edge: number): void {
    const gone = this.firstAfter(edge);
    if (gone === 0 || this.data === null) return;
    const left = this.count - gone;
    const { stride } = this;
    if (left === 0) {
      this.data = null;
      this.count = 0;
      return;
    }
    // A window that emptied most of its room gives it back.
    if (this.data.length / stride > 4 * left) {
      const smaller = new Float64Array(left * 2 * stride);
      smaller.set(this.data.subarray(gone * stride, this.count * stride));
      this.data = smaller;
    } else this.data.copyWithin(0, gone * stride, this.count * stride);
    this.count = left;
  }

  /** The rows' numbers in order, flat (a snapshot). */
  protected flat(): number[] {
    return this.data === null ? [] : Array.from(this.data.subarray(0, this.count * this.stride));
  }

  /** Replaces the rows with `flat` (a snapshot: whole rows, sorted by time). */
  protected load(flat: readonly number[]): void {
    this.count = Math.floor(flat.length / this.stride);
    this.data = this.count === 0 ? null : Float64Array.from(flat.slice(0, this.count * this.stride));
  }

  /** Opens an empty row at `at` and returns the data it is in (row starts at `at × stride`). */
  protected insertRow(at: number): Float64Array {
    const room = this.room(this.count + 1);
    room.copyWithin((at + 1) * this.stride, at * this.stride, this.count * this.stride);
    this.count += 1;
    return room;
  }

  /** Room for `rows` rows: the current data, grown by doubling when full. */
  private room(rows: number): Float64Array {
    const { data, stride } = this;
    if (data !== null && data.length >= rows * stride) return data;
    const floats = data === null ? FIRST_CAPACITY * stride : data.length * 2;
    const grown = new Float64Array(Math.max(rows * stride, floats));
    if (data !== null) grown.set(data.subarray(0, this.count * stride));
    this.data = grown;
    return grown;
  }
}
