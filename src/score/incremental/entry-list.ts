/**
 * (time, value) entries sorted by time, one per distinct millisecond: a windowed sum's amounts.
 * Packed two numbers a row (time-rows.ts). Times and values are JS numbers stored as float64, so
 * sums (added in time order) are exactly what plain arrays would give.
 */
import { RowPool } from './row-pool.ts';
import { TimeRows } from './time-rows.ts';

export class EntryList extends TimeRows {
  /** Numbers per entry: its time and its amount. */
  static readonly stride = 2;

  /** `pool`: rows of `EntryList.stride` numbers, shared by a scorer's lists (a pool of its own by default). */
  constructor(pool: RowPool = new RowPool(EntryList.stride)) {
    super(pool);
  }

  /** Entries from parallel arrays (a saved snapshot), already sorted and one per millisecond. */
  static from(times: readonly number[], values: readonly number[], pool?: RowPool): EntryList {
    const list = new EntryList(pool);
    list.load(times.flatMap((time, index) => [time, values[index] ?? 0]));
    return list;
  }

  /** The values added in time order. */
  sum(): number {
    let total = 0;
    const { data } = this;
    for (let index = 0; index < this.count; index++) total += data[this.at(index) + 1] ?? 0;
    return total;
  }

  /** Adds `value` at `time`: to its millisecond's entry, or as a new entry in time order. */
  add(time: number, value: number): void {
    const at = this.firstAfter(time);
    const { data } = this;
    if (at > 0 && data[this.at(at - 1)] === time) {
      data[this.at(at - 1) + 1] = (data[this.at(at - 1) + 1] ?? 0) + value;
      return;
    }
    const room = this.insertRow(at);
    room[this.at(at)] = time;
    room[this.at(at) + 1] = value;
  }

  /** The times and values as plain arrays (a snapshot). */
  toArrays(): { readonly times: number[]; readonly values: number[] } {
    const flat = this.flat();
    return {
      times: flat.filter((_, index) => index % 2 === 0),
      values: flat.filter((_, index) => index % 2 === 1),
    };
  }
}
