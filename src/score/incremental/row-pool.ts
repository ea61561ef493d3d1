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
 *
 * A freed block serves only the next block of its own size, so lists that grow together (a cohort
 * of new users sending events at the same pace) leave every smaller size behind them, free and
 * never asked for again: under issue 16's goal load the pools' freed blocks grew to 108 MiB of
 * 225. A pool therefore counts the rows each chunk holds, and once a quarter of its room is free
 * it can be repacked (`beginEmptying`): the chunks at most half held are emptied by moving their
 * lists' rows elsewhere (the scorer visits every list: `TimeRows.relocate`), then dropped. In the
 * same run the pools then ended at 123 MiB, 6 of them free.
 */

/** Rows in an ordinary chunk; a block larger than this gets a chunk of its own, freed with it. */
export const CHUNK_ROWS = 1 << 14;

const NO_ROWS = new Float64Array(0);

/** A column of small whole numbers per row (an event log's signal bits), as narrow as they allow. */
export type MaskColumn = Uint8Array | Uint16Array | Uint32Array;
export type MaskBits = 8 | 16 | 32;

export const NO_MASKS: MaskColumn = new Uint32Array(0);

/** A pool is worth repacking once this many rows (four chunks), and a quarter of its room, are free. */
const WORTH_REPACKING = 4 * CHUNK_ROWS;

export class RowPool {
  private readonly chunks: Float64Array[] = [];
  private readonly maskChunks: MaskColumn[] = [];
  /** Chunk numbers free for the next new chunk: given back by a block that had one, or by a repack. */
  private readonly spareChunks: number[] = [];
  /** The chunk ordinary blocks are cut from, and the first of its rows not yet handed out. */
  private current = -1;
  private cut = CHUNK_ROWS;
  /** Per size class: the handles of the freed blocks. */
  private readonly free: number[][] = [];
  /** Rows in freed blocks, and left at the end of chunks too few for a block (one at most per chunk). */
  private freeRows = 0;
  /** Per ordinary chunk: the rows of the blocks handed out of it and not given back. */
  private readonly held: number[] = [];
  /** The chunks being emptied (`beginEmptying`): their freed blocks are not handed out again. */
  private emptied = new Set<number>();
  /** Free rows at which the pool is next worth repacking (after a repack: an eighth of the room more). */
  private repackAt = WORTH_REPACKING;

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
    const room = roomOf(size);
    const reused = this.free[size]?.pop();
    if (reused !== undefined) {
      this.freeRows -= room;
      this.hold(reused, room);
      return reused;
    }
    if (room > CHUNK_ROWS) return this.ownChunk(room);
    if (this.cut + room > CHUNK_ROWS) this.nextChunk();
    const handle = this.current * CHUNK_ROWS + this.cut;
    this.cut += room;
    this.hold(handle, room);
    return handle;
  }

  /** Gives back the block `handle` with `room` rows (as `allocate` made it). */
  release(handle: number, room: number): void {
    const chunk = Math.floor(handle / CHUNK_ROWS);
    if (room > CHUNK_ROWS) {
      this.dropChunk(chunk);
      return;
    }
    this.hold(handle, -room);
    if (!this.emptied.has(chunk)) this.keep(handle, sizeClass(room));
  }

  /**
   * Whether a quarter of the room (and four chunks' rows at least) is free, and more than when the
   * last repack ended: then `beginEmptying`, move the lists out (`relocate`), and `endEmptying`.
   */
  get wasteful(): boolean {
    return this.freeRows >= this.repackAt && 4 * this.freeRows >= this.roomRows();
  }

  /**
   * Starts emptying the ordinary chunks at most half held (the one blocks are being cut from
   * aside): their freed blocks leave the free lists, so the lists moved out of them (`emptying`,
   * `TimeRows.relocate`) land in other chunks. Returns how many chunks are being emptied.
   */
  beginEmptying(): number {
    if (this.emptied.size > 0) throw new Error('bug: a pool began emptying chunks twice');
    this.chunks.forEach((chunk, index) => {
      const held = this.held[index] ?? 0;
      if (index === this.current || chunk.length !== CHUNK_ROWS * this.stride || 2 * held > CHUNK_ROWS)
        return;
      this.emptied.add(index);
      this.freeRows -= CHUNK_ROWS - held;
    });
    if (this.emptied.size === 0) {
      this.deferRepack();
      return 0;
    }
    this.free.forEach((handles, size) => {
      this.free[size] = handles.filter((handle) => !this.emptied.has(Math.floor(handle / CHUNK_ROWS)));
    });
    return this.emptied.size;
  }

  /** Whether block `handle` is in a chunk being emptied (its rows should move: `TimeRows.relocate`). */
  emptying(handle: number): boolean {
    return this.emptied.size > 0 && this.emptied.has(Math.floor(handle / CHUNK_ROWS));
  }

  /**
   * Drops the chunks emptied since `beginEmptying` (their numbers kept for new chunks) and returns
   * how many. A chunk still holding a block is a list nobody moved, a bug: the chunk stays (its
   * rows intact, its free room never handed out again) and the bug is thrown.
   */
  endEmptying(): number {
    let stranded = 0;
    for (const chunk of this.emptied) {
      const held = this.held[chunk] ?? 0;
      if (held > 0) {
        this.freeRows += CHUNK_ROWS - held;
        stranded += 1;
      } else this.dropChunk(chunk);
    }
    const dropped = this.emptied.size - stranded;
    this.emptied = new Set();
    this.deferRepack();
    if (stranded > 0)
      throw new Error(`bug: ${stranded} chunks still held blocks after their lists were moved`);
    return dropped;
  }

  /** The next repack waits until an eighth of the room more is free (the free room left stays unused). */
  private deferRepack(): void {
    this.repackAt = Math.max(WORTH_REPACKING, this.freeRows + Math.floor(this.roomRows() / 8));
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
    const room = this.roomRows();
    const uncut = this.current < 0 ? 0 : CHUNK_ROWS - this.cut;
    return { room, used: room - uncut, free: this.freeRows };
  }

  private roomRows(): number {
    let room = 0;
    for (const chunk of this.chunks) room += chunk.length / this.stride;
    return room;
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
    this.freeRows += left;
    this.current = this.newChunk(CHUNK_ROWS);
    this.held[this.current] = 0;
    this.cut = 0;
  }

  private ownChunk(room: number): number {
    return this.newChunk(room) * CHUNK_ROWS;
  }

  /** A new chunk of `rows` rows (under the number of one dropped, if any): its number. */
  private newChunk(rows: number): number {
    const chunk = this.spareChunks.pop() ?? this.chunks.length;
    this.chunks[chunk] = new Float64Array(rows * this.stride);
    this.maskChunks[chunk] = this.maskColumn(rows);
    return chunk;
  }

  private dropChunk(chunk: number): void {
    this.chunks[chunk] = NO_ROWS;
    this.maskChunks[chunk] = NO_MASKS;
    this.spareChunks.push(chunk);
  }

  /** Counts `rows` more rows held in block `handle`'s chunk (fewer when negative). */
  private hold(handle: number, rows: number): void {
    const chunk = Math.floor(handle / CHUNK_ROWS);
    this.held[chunk] = (this.held[chunk] ?? 0) + rows;
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
    this.freeRows += roomOf(size);
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
