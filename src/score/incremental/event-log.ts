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

/**
 * A count reads up to this many rows one by one; past it the log keeps a running count per bit
 * (`totals`) and reads only the rows on the short side of the window's edge. A window's count
 * otherwise read every row in it at each score: a busy account's log grew by ≈ 1,000 rows over
 * issue 16's seven-minute goal run, and each pass that scored it read them all.
 */
const COUNTED_PAST = 64;

export class EventLog extends TimeRows {
  /** Rows per signal bit (32 per mask word), kept once a count read more than `COUNTED_PAST` rows. */
  private totals: Uint32Array | null = null;

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
    if (this.totals !== null) this.tally(at, 1);
  }

  /** Drops the rows at or before `edge` (and takes them off the running counts). */
  override dropThrough(edge: number): void {
    const gone = this.firstAfter(edge);
    if (this.totals !== null) for (let index = 0; index < gone; index++) this.tally(index, -1);
    this.dropFirst(gone);
  }

  /** Adds row `index`'s bits to the running counts `by` times (1 or −1). */
  private tally(index: number, by: number): void {
    const totals = this.totals;
    if (totals === null) return;
    const start = this.maskAt(index);
    for (let word = 0; word < this.pool.masks; word++) {
      // The word's bits from the lowest up, each set bit cleared as it is counted.
      for (let bits = (this.masks[start + word] ?? 0) >>> 0; bits !== 0; bits &= bits - 1) {
        const bit = word * 32 + (31 - Math.clz32(bits & -bits));
        totals[bit] = (totals[bit] ?? 0) + by;
      }
    }
  }

  /** Whether the event at `index` matched bit `bit`. */
  has(index: number, bit: number): boolean {
    const word = this.masks[this.maskAt(index) + (bit >>> 5)] ?? 0;
    return (word & (1 << (bit & 31))) !== 0;
  }

  /** How many events after `edge` matched `bit`. */
  countMatches(bit: number, edge: number): number {
    const from = this.firstAfter(edge);
    if (this.count - from <= COUNTED_PAST || from >= this.count - from)
      return this.countRange(bit, from, this.count);
    if (this.totals === null) {
      this.totals = new Uint32Array(this.pool.masks * 32);
      for (let index = 0; index < this.count; index++) this.tally(index, 1);
    }
    return (this.totals[bit] ?? 0) - this.countRange(bit, 0, from);
  }

  /** How many of the rows from `from` up to `end` matched `bit`. */
  private countRange(bit: number, from: number, end: number): number {
    let matched = 0;
    for (let index = from; index < end; index++) if (this.has(index, bit)) matched++;
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
    let first = this.firstAfter(edge);
    while (first < this.count && !this.has(first, bit)) first++;
    if (first === this.count) return null;
    // Back from the day's end (a binary search) to its last match: not through the whole day.
    let index = this.firstAfterDay(utcDay(this.timeAt(first)), first + 1) - 1;
    while (!this.has(index, bit)) index--;
    return this.timeAt(index);
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
