/**
 * A cell's log of matching events inside the windows still to be asked: one row per event, its time
 * and a bit mask of the windowed signals (by event name and filters, cell-plan.ts) it matched,
 * sorted by time (events of the same millisecond in arrival order). Counts, a receipt's matches,
 * distinct days and whether any event matched are all read from it.
 */
import type { Matches } from '../explain/index.ts';
import { utcDay } from '../reference/aggregate.ts';
import { type MaskBits, RowPool } from './row-pool.ts';
import { TimeRows } from './time-rows.ts';

export const NO_MATCHES: Matches = { matched: 0, firstAt: null, lastAt: null };

export class EventLog extends TimeRows {
  /** `pool`: rows of a time and its mask (`EventLog.pool`). */
  constructor(pool: RowPool) {
    super(pool);
  }

  /**
   * The pool for logs of `bits` signal bits: per row a time and the mask, in one byte up to 8
   * bits, two up to 16, else a 32-bit word per 32 bits (`words`).
   */
  static pool(bits: number, words: number): RowPool {
    const maskBits: MaskBits = bits <= 8 ? 8 : bits <= 16 ? 16 : 32;
    return new RowPool(1, maskBits === 32 ? words : 1, maskBits);
  }

  /** Numbers per row of a snapshot (`rows`): the time, then the mask as `words` 32-bit words. */
  static stride(words: number): number {
    return 1 + words;
  }

  /** A log of the rows of a snapshot (`rows`), whose mask words fit `pool`'s masks. */
  static from(pool: RowPool, flat: readonly number[]): EventLog {
    const log = new EventLog(pool);
    const stride = 1 + pool.masks;
    log.openRows(Math.floor(flat.length / stride));
    for (let index = 0; index < log.count; index++) {
      log.data[log.at(index)] = flat[index * stride] ?? 0;
      for (let word = 0; word < pool.masks; word++)
        log.masks[log.maskAt(index) + word] = flat[index * stride + 1 + word] ?? 0;
    }
    return log;
  }

  /** Adds an event at `time` with its mask (one number per 32-bit word). */
  add(time: number, mask: readonly number[]): void {
    const at = this.firstAfter(time);
    this.insertRow(at)[this.at(at)] = time;
    const start = this.maskAt(at);
    for (let word = 0; word < this.pool.masks; word++) this.masks[start + word] = mask[word] ?? 0;
  }

  /** Whether the event at `index` matched bit `bit`. */
  has(index: number, bit: number): boolean {
    const word = this.masks[this.maskAt(index) + (bit >>> 5)] ?? 0;
    return (word & (1 << (bit & 31))) !== 0;
  }

  /** How many events after `edge` matched `bit`. */
  countMatches(bit: number, edge: number): number {
    let matched = 0;
    for (let index = this.firstAfter(edge); index < this.length; index++) if (this.has(index, bit)) matched++;
    return matched;
  }

  /** How many events after `edge` matched `bit`, the first and the last. */
  matches(bit: number, edge: number): Matches {
    let matched = 0;
    let firstAt: number | null = null;
    let lastAt: number | null = null;
    for (let index = this.firstAfter(edge); index < this.count; index++) {
      if (!this.has(index, bit)) continue;
      const time = this.timeAt(index);
      matched += 1;
      firstAt ??= time;
      lastAt = time;
    }
    return matched === 0 ? NO_MATCHES : { matched, firstAt, lastAt };
  }

  /**
   * The UTC days (epoch day numbers) of the events after `edge` that matched `bit`, into `into`.
   * Once an event gives its day, the rest of that day is skipped by a binary search: a row per
   * distinct day is read, not one per event (a daily-habit signal read a month of a heavy user's
   * events at every score).
   */
  days(bit: number, edge: number, into: Set<string | number>): void {
    let index = this.firstAfter(edge);
    while (index < this.count) {
      if (!this.has(index, bit)) {
        index++;
        continue;
      }
      const day = utcDay(this.timeAt(index));
      into.add(day);
      index = this.firstAfterDay(day, index + 1);
    }
  }

  /** The first index from `from` on whose time falls on a UTC day after `day` (the length when none does). */
  private firstAfterDay(day: number, from: number): number {
    let low = from;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (utcDay(this.timeAt(middle)) <= day) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The time of the first event after `edge` that matched `bit`, null when none did. */
  firstMatch(bit: number, edge: number): number | null {
    for (let index = this.firstAfter(edge); index < this.count; index++) {
      if (this.has(index, bit)) return this.timeAt(index);
    }
    return null;
  }

  /** The time of the last event that matched `bit`, null when none did. */
  lastMatch(bit: number): number | null {
    for (let index = this.count - 1; index >= 0; index--) if (this.has(index, bit)) return this.timeAt(index);
    return null;
  }

  /**
   * The last event of the earliest UTC day among `bit`'s events after `edge` (that day leaves the
   * set of days when this event leaves the window); null when there is none.
   */
  earliestDayEnd(bit: number, edge: number): number | null {
    let day: number | null = null;
    let last: number | null = null;
    for (let index = this.firstAfter(edge); index < this.count; index++) {
      if (!this.has(index, bit)) continue;
      const time = this.timeAt(index);
      const at = utcDay(time);
      if (day !== null && at !== day) break;
      day = at;
      last = time;
    }
    return last;
  }

  /** The rows, flat: time then mask words, per event (a snapshot, `EventLog.stride` numbers a row). */
  rows(): number[] {
    const words = this.pool.masks;
    const flat = new Array<number>(this.count * (1 + words));
    for (let index = 0; index < this.count; index++) {
      flat[index * (1 + words)] = this.data[this.at(index)] ?? 0;
      for (let word = 0; word < words; word++)
        flat[index * (1 + words) + 1 + word] = this.masks[this.maskAt(index) + word] ?? 0;
    }
    return flat;
  }
}
