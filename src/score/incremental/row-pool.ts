/**
 * Float64Array chunks holding the rows of many lists (time-rows.ts) of the same width, in blocks
 * whose sizes step by ≈ √2 (2, 3, 4, 6, 8, 12, …rows); a freed block is kept for the next list that
 * needs one of its size. A list with an array of its own costs three heap objects (the array, its
 * buffer, the buffer's data) beside the list: with 137,000 lists at 10 M stored events, 410,000
 * objects that every full collection visits (issue 16: those collections set the real-time tail).
 * In the pool a list is a few numbers and a reference to its chunk.
 *
 * The pool grows a chunk at a time, so it never holds more than one chunk of room nobody asked for
 * and never copies what it holds; one growing array (by half when full) was a third empty after
 * each growth and held the old and new copies at once while it grew. Sizes stepping by √2 rather
 * than 2 leave a block ≈ 15 % empty on average instead of ≈ 25 %: at 10 M stored events the pools
 * held 185 MiB of room for ≈ 95 MiB of rows (issue 16: the server's RSS goal).
 */

/** Rows in an ordinary chunk; a block larger than this gets a chunk of its own, freed with it. */
export const CHUNK_ROWS = 1 << 14;

const NO_ROWS = new Float64Array(0);

/** A column of small whole numbers per row (an event log's signal bits), as narrow as they allow. */
export type MaskColumn = Uint8Array | Uint16Array | Uint32Array;
export type MaskBits = 8 | 16 | 32;

export const NO_MASKS: MaskColumn = new Uint32Array(0);

export class RowPool {
  private readonly chunks: Float64Array[] = [];
  private readonly maskChunks: MaskColumn[] = [];
  /** Chunk numbers given back by blocks that had a chunk of their own, for the next such block. */
  private readonly spareChunks: number[] = [];
  /** The chunk ordinary blocks are cut from, and the first of its rows not yet handed out. */
  private current = -1;
  private cut = CHUNK_ROWS;
  /** Per size class: the handles of the freed blocks. */
  private readonly free: number[][] = [];
  /** Rows left at the end of a chunk too few for a block (one at most per chunk). */
  private scraps = 0;

  /**
   * `stride`: numbers (Float64) per row; `masks`: whole numbers of `maskBits` bits per row beside
   * them, in a column of their own (an event log's row is a time and its signal bits: 10 bytes
   * with up to 16 bits, not the 16 of two Float64 numbers).
   */
  constructor(
    readonly stride: number,
    readonly masks = 0,
    readonly maskBits: MaskBits = 32,
  ) {}

  /** Bytes a row of room takes. */
  get rowBytes(): number {
    return this.stride * 8 + (this.masks * this.maskBits) / 8;
  }

  /** The room a block made for `rows` rows has (the smallest size class that holds them). */
  static roomFor(rows: number): number {
    return roomOf(sizeClass(rows));
  }

  /**
   * A block with room for `rows` rows (`roomFor(rows)`): its handle, from which `chunkOf` and
   * `rowOf` say where its rows are. A block's rows never move while it is held.
   */
  allocate(rows: number): number {
    const size = sizeClass(rows);
    const reused = this.free[size]?.pop();
    if (reused !== undefined) return reused;
    const room = roomOf(size);
    if (room > CHUNK_ROWS) return this.ownChunk(room);
    if (this.cut + room > CHUNK_ROWS) this.nextChunk();
    const handle = this.current * CHUNK_ROWS + this.cut;
    this.cut += room;
    return handle;
  }

  /** Gives back the block `handle` with `room` rows (as `allocate` made it). */
  release(handle: number, room: number): void {
    if (room > CHUNK_ROWS) {
      const chunk = handle / CHUNK_ROWS;
      this.chunks[chunk] = NO_ROWS;
      this.maskChunks[chunk] = NO_MASKS;
      this.spareChunks.push(chunk);
      return;
    }
    this.keep(handle, sizeClass(room));
  }

  /** The chunk block `handle`'s rows are in: row `r` of the block starts at `(rowOf(handle) + r) × stride`. */
  chunkOf(handle: number): Float64Array {
    return this.chunks[Math.floor(handle / CHUNK_ROWS)] ?? NO_ROWS;
  }

  /** The mask column of the chunk block `handle`'s rows are in: row `r`'s start at `(rowOf(handle) + r) × masks`. */
  masksOf(handle: number): MaskColumn {
    return this.maskChunks[Math.floor(handle / CHUNK_ROWS)] ?? NO_MASKS;
  }

  /** The row of its chunk block `handle` starts at. */
  rowOf(handle: number): number {
    return handle % CHUNK_ROWS;
  }

  /** Rows of room in the pool, rows handed out (freed blocks included), and rows in freed blocks or scraps. */
  get rows(): { readonly room: number; readonly used: number; readonly free: number } {
    let room = 0;
    for (const chunk of this.chunks) room += chunk.length / this.stride;
    let free = this.scraps;
    this.free.forEach((handles, size) => {
      free += handles.length * roomOf(size);
    });
    const uncut = this.current < 0 ? 0 : CHUNK_ROWS - this.cut;
    return { room, used: room - uncut, free };
  }

  /** Starts a new ordinary chunk, keeping what is left of the current one as free blocks. */
  private nextChunk(): void {
    let left = CHUNK_ROWS - this.cut;
    while (left >= 2) {
      const size = largestClassWithin(left);
      this.keep(this.current * CHUNK_ROWS + this.cut, size);
      this.cut += roomOf(size);
      left = CHUNK_ROWS - this.cut;
    }
    this.scraps += left;
    this.current = this.chunks.length;
    this.chunks.push(new Float64Array(CHUNK_ROWS * this.stride));
    this.maskChunks.push(this.maskColumn(CHUNK_ROWS));
    this.cut = 0;
  }

  private ownChunk(room: number): number {
    const chunk = this.spareChunks.pop() ?? this.chunks.length;
    this.chunks[chunk] = new Float64Array(room * this.stride);
    this.maskChunks[chunk] = this.maskColumn(room);
    return chunk * CHUNK_ROWS;
  }

  private maskColumn(rows: number): MaskColumn {
    if (this.masks === 0) return NO_MASKS;
    const length = rows * this.masks;
    if (this.maskBits === 8) return new Uint8Array(length);
    return this.maskBits === 16 ? new Uint16Array(length) : new Uint32Array(length);
  }

  private keep(handle: number, size: number): void {
    const list = this.free[size] ?? [];
    this.free[size] = list;
    list.push(handle);
  }
}

/**
 * Size class `size`'s rows: 2, 3, 4, 6, 8, 12, … (2 << size/2 for even classes, 3 << (size-1)/2
 * for odd ones). Shifts, not `**`: a field V8 once saw hold a double stays a boxed heap number in
 * every list.
 */
function roomOf(size: number): number {
  return (size & 1) === 0 ? 2 << (size >> 1) : 3 << (size >> 1);
}

/** The smallest class with room for `rows` rows (class 0, two rows, at least). */
function sizeClass(rows: number): number {
  if (rows <= 2) return 0;
  // 2^e < rows ≤ 2^(e+1): the class is 3·2^(e-1) (odd, 2e-1) when that holds them, else 2^(e+1) (2e).
  const e = 31 - Math.clz32(rows - 1);
  return rows <= 3 << (e - 1) ? 2 * e - 1 : 2 * e;
}

/** The largest class with at most `rows` rows (`rows` ≥ 2). */
function largestClassWithin(rows: number): number {
  const size = sizeClass(rows);
  return roomOf(size) === rows ? size : size - 1;
}
