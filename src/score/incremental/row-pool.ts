/**
 * One Float64Array holding the rows of many lists (time-rows.ts) of the same width, in blocks of
 * a power of two rows; a freed block is kept for the next list that needs one of its size. A list
 * with an array of its own costs three heap objects (the array, its buffer, the buffer's data)
 * beside the list: with 137,000 lists at 10 M stored events, 410,000 objects that every full
 * collection visits (issue 16: those collections set the real-time tail). In the pool a list is
 * two numbers: where its block starts and how many rows it has room for.
 */

/** Rows of room the pool starts with; it grows by half when full. */
const FIRST_ROWS = 1024;

export class RowPool {
  private numbers: Float64Array;
  /** Rows handed out from the end, freed blocks included. */
  private used = 0;
  /** Per size class (2^class rows): the starts of the freed blocks. */
  private readonly free: number[][] = [];

  /** `stride`: numbers per row. */
  constructor(readonly stride: number) {
    this.numbers = new Float64Array(FIRST_ROWS * stride);
  }

  /** Every block's numbers; a block of rows starts at `start × stride`. Changes as the pool grows. */
  get data(): Float64Array {
    return this.numbers;
  }

  /** The room a block made for `rows` rows has (the next power of two, at least 2). */
  static roomFor(rows: number): number {
    return 1 << sizeClass(rows);
  }

  /** A block with room for `rows` rows (`roomFor(rows)`): the row it starts at. */
  allocate(rows: number): number {
    const size = sizeClass(rows);
    const reused = this.free[size]?.pop();
    if (reused !== undefined) return reused;
    // Shifts, not `**`: a field V8 once saw hold a double stays a boxed heap number in every list.
    const room = 1 << size;
    this.reserve(this.used + room);
    const start = this.used;
    this.used += room;
    return start;
  }

  /** Gives back the block at `start` with `room` rows (as `allocate` made it). */
  release(start: number, room: number): void {
    const size = sizeClass(room);
    const list = this.free[size] ?? [];
    this.free[size] = list;
    list.push(start);
  }

  /** Rows of room in the pool and rows in freed blocks (how much of it is slack). */
  get rows(): { readonly room: number; readonly used: number; readonly free: number } {
    let free = 0;
    this.free.forEach((starts, size) => {
      free += starts.length << size;
    });
    return { room: this.numbers.length / this.stride, used: this.used, free };
  }

  private reserve(rows: number): void {
    const have = this.numbers.length / this.stride;
    if (rows <= have) return;
    const grown = new Float64Array(Math.max(rows, Math.ceil(have * 1.5)) * this.stride);
    grown.set(this.numbers.subarray(0, this.used * this.stride));
    this.numbers = grown;
  }
}

/** log2 of the room for `rows` rows: 1 (two rows) at least. */
function sizeClass(rows: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(1, rows))));
}
