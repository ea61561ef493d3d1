/**
 * The set of message ids seen recently, per workspace, as 64-bit hashes in an open-addressing
 * table (8 bytes a slot, at most three in four used), so that 10 M ids cost 128 MiB (2^24 slots)
 * rather than the ~1 GB of a Set of strings.
 *
 * `mightContain` has no false negatives; a positive is a *suspect* that the writer confirms
 * against the store before treating it as a duplicate, which keeps deduplication exact.
 * Two generations rotate every `generationMs`, so ids are remembered at least that long.
 */
import { hash64 } from '../lib/hash64.ts';

/**
 * Slots of a growing table's old array moved to the new one with each add. Growth doubles the
 * table; moved all at once, the rehash held the event loop for ≈ 200 ms at 2 M ids and ≈ 400 ms
 * at 4 M (measured here, issue 16: the longest stall of the goal run). Moved 16 slots an add, the
 * old array is emptied long before the new one is full enough to grow again: the new array starts
 * 3/8 full, and after one add per 16 old slots it is under 41 % full.
 */
const MOVES_PER_ADD = 16;

/**
 * A table grows when an add would fill more than FULL_PARTS of every FULL_OF slots. Growing at half
 * full, the two generations' tables ended issue 16's seven-minute goal run at 64 MiB (96 while one
 * grew), a tenth of the server's RSS goal. At three in four, linear probing reads ≈ 8.5 slots for
 * an id not held instead of 2.5: 360 ns a lookup instead of 184 in a table of 4 M slots (measured
 * here), under 2 ms a second at 5,000 events a second.
 */
const FULL_PARTS = 3;
const FULL_OF = 4;

/** An open-addressing set of 64-bit hashes (two Uint32 per slot; all zero marks an empty slot). */
export class HashSet64 {
  private slots: Uint32Array;
  /** While growing: the old array, its slots before `moved` already copied to `slots`. */
  private old: Uint32Array | null = null;
  private moved = 0;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.slots = new Uint32Array(capacity * 2);
  }

  get size(): number {
    return this.count;
  }

  /** Whether a growth is still moving slots (for tests). */
  get growing(): boolean {
    return this.old !== null;
  }

  has(hi: number, lo: number): boolean {
    return find(this.slots, hi, lo) || (this.old !== null && find(this.old, hi, lo));
  }

  /** Bytes the set's arrays take (both while it grows). */
  get bytes(): number {
    return this.slots.byteLength + (this.old?.byteLength ?? 0);
  }

  add(hi: number, lo: number): void {
    if (this.old === null && (this.count + 1) * FULL_OF > (this.slots.length / 2) * FULL_PARTS) {
      this.old = this.slots;
      this.moved = 0;
      this.slots = new Uint32Array(this.old.length * 2);
    }
    this.move(MOVES_PER_ADD);
    // Still in the old array: counted already, it moves with the rest.
    if (this.old !== null && find(this.old, hi, lo)) return;
    if (insert(this.slots, hi, lo)) this.count++;
  }

  /** Copies up to `max` of the old array's slots to the new one; forgets it when all are copied. */
  private move(max: number): void {
    const old = this.old;
    if (old === null) return;
    const end = Math.min(old.length / 2, this.moved + max);
    for (let i = this.moved; i < end; i++) {
      const hi = old[i * 2] ?? 0;
      const lo = old[i * 2 + 1] ?? 0;
      if (hi !== 0 || lo !== 0) insert(this.slots, hi, lo);
    }
    this.moved = end;
    if (end === old.length / 2) this.old = null;
  }

  /** count, slot count, then the slots: the whole table, so a restart can skip rebuilding it. */
  toBuffer(): Buffer {
    this.move(Number.POSITIVE_INFINITY);
    const header = Buffer.alloc(8);
    header.writeUInt32LE(this.count, 0);
    header.writeUInt32LE(this.slots.length, 4);
    return Buffer.concat([
      header,
      Buffer.from(this.slots.buffer, this.slots.byteOffset, this.slots.byteLength),
    ]);
  }

  /** The set stored at `offset`, and where the next value starts; null when the bytes do not fit. */
  static fromBuffer(buf: Buffer, offset: number): { set: HashSet64; end: number } | null {
    if (buf.length < offset + 8) return null;
    const count = buf.readUInt32LE(offset);
    const length = buf.readUInt32LE(offset + 4);
    const end = offset + 8 + length * 4;
    if (end > buf.length || length === 0 || (length & (length - 1)) !== 0) return null;
    // A table is never fuller than it grows at (an add into a full one would probe for ever).
    if (count * FULL_OF > (length / 2) * FULL_PARTS) return null;
    const set = new HashSet64(length / 2);
    set.slots.set(new Uint32Array(buf.buffer.slice(buf.byteOffset + offset + 8, buf.byteOffset + end)));
    set.count = count;
    return { set, end };
  }
}

/** The slot holding the hash, or the empty slot where it would go (the table is never full). */
function probe(slots: Uint32Array, hi: number, lo: number): number {
  const mask = slots.length / 2 - 1;
  for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
    const sh = slots[i * 2] ?? 0;
    const sl = slots[i * 2 + 1] ?? 0;
    if ((sh === 0 && sl === 0) || (sh === hi && sl === lo)) return i;
  }
}

function find(slots: Uint32Array, hi: number, lo: number): boolean {
  const i = probe(slots, hi, lo);
  return slots[i * 2] !== 0 || slots[i * 2 + 1] !== 0;
}

/** Puts a hash in its slot; false when it was there already. */
function insert(slots: Uint32Array, hi: number, lo: number): boolean {
  const i = probe(slots, hi, lo);
  if (slots[i * 2] !== 0 || slots[i * 2 + 1] !== 0) return false;
  slots[i * 2] = hi;
  slots[i * 2 + 1] = lo;
  return true;
}

/** The all-zero hash marks an empty slot, so it is nudged to 1. */
function keyOf(workspaceId: string, messageId: string): [number, number] {
  const { hi, lo } = hash64(`${workspaceId}\u0000${messageId}`);
  return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}

const MAGIC = 0x5844444b; // "KDDX"
const FORMAT = 1;

export class DedupeIndex {
  private current = new HashSet64();
  private previous = new HashSet64(16);
  private rotatedAt: number;

  /**
   * A snapshot of the index covering every message up to store sequence `seq`; on restart, only
   * messages after it need reading back. Restores return null for anything that does not match.
   */
  snapshot(seq: number): Buffer {
    const header = Buffer.alloc(32);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeDoubleLE(this.generationMs, 8);
    header.writeDoubleLE(this.rotatedAt, 16);
    header.writeDoubleLE(seq, 24);
    return Buffer.concat([header, this.current.toBuffer(), this.previous.toBuffer()]);
  }

  static restore(buf: Buffer, generationMs: number): { index: DedupeIndex; seq: number } | null {
    if (buf.length < 32 || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== FORMAT) return null;
    if (buf.readDoubleLE(8) !== generationMs) return null;
    const current = HashSet64.fromBuffer(buf, 32);
    const previous = current === null ? null : HashSet64.fromBuffer(buf, current.end);
    if (current === null || previous === null || previous.end !== buf.length) return null;
    const index = new DedupeIndex(generationMs, buf.readDoubleLE(16));
    index.current = current.set;
    index.previous = previous.set;
    return { index, seq: buf.readDoubleLE(24) };
  }

  constructor(
    private readonly generationMs: number,
    now: number,
  ) {
    this.rotatedAt = now;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  mightContain(workspaceId: string, messageId: string): boolean {
    const [hi, lo] = keyOf(workspaceId, messageId);
    return this.current.has(hi, lo) || this.previous.has(hi, lo);
  }

  add(workspaceId: string, messageId: string, now: number): void {
    if (now - this.rotatedAt >= this.generationMs) {
      this.previous = this.current;
      this.current = new HashSet64();
      this.rotatedAt = now;
    }
    const [hi, lo] = keyOf(workspaceId, messageId);
    this.current.add(hi, lo);
  }
}
