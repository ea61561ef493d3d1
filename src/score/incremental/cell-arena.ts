/**
 * What the cells of one scorer share: the definition's plan (cell-plan.ts), every cell's first and
 * last counted time in two columns indexed by cell number, the pools their logs', sums' and
 * latest times' rows live in (row-pool.ts), and one copy of each distinct property value and group
 * tag. A time in an object field is a heap number of its own, and each event read makes its strings
 * anew; across a 10 M-event store's cells that was half a million heap objects, which every full
 * collection visits (issue 16: those collections set the real-time tail).
 */
import type { Cell } from './cell.ts';
import type { CellPlan } from './cell-plan.ts';
import { EntryList } from './entry-list.ts';
import { EventLog } from './event-log.ts';
import { LatestTimes } from './latest-times.ts';
import { RowPool } from './row-pool.ts';

/** Cells' room made at first, grown by doubling. */
const FIRST_ROOM = 1024;
/**
 * Distinct values shared at most, and the longest shared; past either a value is kept as read, so
 * the shared copies stay a few megabytes whatever a property's cardinality.
 */
const SHARED_VALUES = 100_000;
const SHARED_LENGTH = 100;

export class CellArena {
  private first = new Float64Array(FIRST_ROOM).fill(Number.NaN);
  private last = new Float64Array(FIRST_ROOM).fill(Number.NaN);
  private cells = 0;
  private readonly values = new Map<string, string>();
  /** The rows of every cell's event log, and of every windowed sum's entries. */
  readonly logRows: RowPool;
  readonly sumRows = new RowPool(EntryList.stride);
  /** The latest times of every windowed distinct property's values. */
  readonly latestRows = new RowPool(LatestTimes.stride);

  readonly pools: readonly RowPool[];

  constructor(readonly plan: CellPlan) {
    this.logRows = EventLog.pool(plan.bits.length, plan.words);
    this.pools = [this.logRows, this.sumRows, this.latestRows];
  }

  /**
   * Whether a pool has much room in freed blocks (row-pool.ts). Asked at every score, so it
   * allocates nothing; `repack` does the work.
   */
  get wasteful(): boolean {
    for (const pool of this.pools) if (pool.wasteful) return true;
    return false;
  }

  /**
   * Repacks the wasteful pools: empties their sparsest chunks by moving the rows of every list in
   * them (`cells`: every cell of the arena), then drops those chunks. Returns the chunks dropped.
   */
  repack(cells: Iterable<Cell>): number {
    const pools = this.pools.filter((pool) => pool.wasteful && pool.beginEmptying() > 0);
    if (pools.length === 0) return 0;
    for (const cell of cells) cell.relocate();
    return pools.reduce((dropped, pool) => dropped + pool.endEmptying(), 0);
  }

  /** A new cell's number, its times none yet. */
  newCell(): number {
    if (this.cells === this.first.length) {
      this.first = grown(this.first);
      this.last = grown(this.last);
    }
    return this.cells++;
  }

  firstAt(cell: number): number | null {
    return orNull(this.first[cell]);
  }

  lastAt(cell: number): number | null {
    return orNull(this.last[cell]);
  }

  setTimes(cell: number, first: number | null, last: number | null): void {
    this.first[cell] = first ?? Number.NaN;
    this.last[cell] = last ?? Number.NaN;
  }

  /** Widens the cell's first and last to include `time`. */
  widen(cell: number, time: number): void {
    if (!(time >= (this.first[cell] ?? Number.NaN))) this.first[cell] = time;
    if (!(time <= (this.last[cell] ?? Number.NaN))) this.last[cell] = time;
  }

  /** The one copy of a distinct property value or group tag (within `SHARED_VALUES` and `SHARED_LENGTH`). */
  shared(value: string): string {
    const known = this.values.get(value);
    if (known !== undefined) return known;
    if (this.values.size < SHARED_VALUES && value.length <= SHARED_LENGTH) this.values.set(value, value);
    return value;
  }
}

function grown(column: Float64Array) {
  const bigger = new Float64Array(column.length * 2).fill(Number.NaN);
  bigger.set(column);
  return bigger;
}

const orNull = (time: number | undefined): number | null =>
  time === undefined || Number.isNaN(time) ? null : time;
