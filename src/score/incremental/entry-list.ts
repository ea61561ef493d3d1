/**
 * (time, value) entries sorted by time, one per distinct millisecond: a windowed count's or sum's
 * entries, a match log's. Packed in one Float64Array ([t0, v0, t1, v1, …]) made at the first entry
 * and grown by doubling, so an entry costs 16 bytes (plus at most as much again of room) instead of
 * two JS arrays' boxes and growth slack (issue 16: ≈ 55 bytes per entry, most of a 10 M-event
 * store's state). Times and values are JS numbers either way: stored as float64, they are the same
 * numbers, so sums (added in time order, as before) are exactly what they were.
 */

/** Pairs room made at the first entry. */
const FIRST_CAPACITY = 2;

export class EntryList {
  /** null while empty. */
  private data: Float64Array | null = null;
  private count = 0;

  /** Entries from parallel arrays (a saved snapshot), already sorted and one per millisecond. */
  static from(times: readonly number[], values: readonly number[]): EntryList {
    const list = new EntryList();
    if (times.length === 0) return list;
    const data = new Float64Array(times.length * 2);
    times.forEach((time, index) => {
      data[index * 2] = time;
      data[index * 2 + 1] = values[index] ?? 0;
    });
    list.data = data;
    list.count = times.length;
    return list;
  }

  get length(): number {
    return this.count;
  }

  /** The first (oldest) time, null when empty. */
  firstTime(): number | null {
    return this.data === null || this.count === 0 ? null : (this.data[0] ?? null);
  }

  /** The last (newest) time, null when empty. */
  lastTime(): number | null {
    return this.data === null || this.count === 0 ? null : (this.data[(this.count - 1) * 2] ?? null);
  }

  /** The values added in time order. */
  sum(): number {
    let total = 0;
    const { data } = this;
    if (data === null) return total;
    for (let index = 0; index < this.count; index++) total += data[index * 2 + 1] ?? 0;
    return total;
  }

  /** Adds `value` at `time`: to its millisecond's entry, or as a new entry in time order. */
  add(time: number, value: number): void {
    const at = this.firstAfter(time);
    const data = this.data;
    if (data !== null && at > 0 && data[(at - 1) * 2] === time) {
      data[(at - 1) * 2 + 1] = (data[(at - 1) * 2 + 1] ?? 0) + value;
      return;
    }
    const room = this.room(this.count + 1);
    room.copyWithin((at + 1) * 2, at * 2, this.count * 2);
    room[at * 2] = time;
    room[at * 2 + 1] = value;
    this.count += 1;
  }

  /** Drops the entries at or before `edge`. */
  dropThrough(edge: number): void {
    const gone = this.firstAfter(edge);
    if (gone === 0 || this.data === null) return;
    const left = this.count - gone;
    if (left === 0) {
      this.data = null;
      this.count = 0;
      return;
    }
    // A window that emptied most of its room gives it back.
    if (this.data.length / 2 > 4 * left) {
      const smaller = new Float64Array(left * 4);
      smaller.set(this.data.subarray(gone * 2, this.count * 2));
      this.data = smaller;
    } else this.data.copyWithin(0, gone * 2, this.count * 2);
    this.count = left;
  }

  /** The times and values as plain arrays (a snapshot). */
  toArrays(): { readonly times: number[]; readonly values: number[] } {
    const times: number[] = [];
    const values: number[] = [];
    const { data } = this;
    for (let index = 0; data !== null && index < this.count; index++) {
      times.push(data[index * 2] ?? 0);
      values.push(data[index * 2 + 1] ?? 0);
    }
    return { times, values };
  }

  /** Room for `pairs` entries, the current data (grown by doubling when full). */
  private room(pairs: number): Float64Array {
    const data = this.data;
    if (data !== null && data.length >= pairs * 2) return data;
    const floats = data === null ? FIRST_CAPACITY * 2 : data.length * 2;
    const grown = new Float64Array(Math.max(pairs * 2, floats));
    if (data !== null) grown.set(data.subarray(0, this.count * 2));
    this.data = grown;
    return grown;
  }

  /** The first index whose time is > `time`. */
  private firstAfter(time: number): number {
    const data = this.data;
    if (data === null) return 0;
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((data[middle * 2] ?? 0) <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
