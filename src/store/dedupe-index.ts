/**
 * The set of message ids seen recently, per workspace, as 64-bit hashes in an open-addressing
 * table (8 bytes a slot), so that 10 M ids cost ~160 MB rather than the ~1 GB of a Set of strings.
 *
 * `mightContain` has no false negatives; a positive is a *suspect* that the writer confirms
 * against the store before treating it as a duplicate, which keeps deduplication exact.
 * Two generations rotate every `generationMs`, so ids are remembered at least that long.
 */
import { hash64 } from '../lib/hash64.ts';

class HashSet64 {
  private slots: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.slots = new Uint32Array(capacity * 2);
  }

  get size(): number {
    return this.count;
  }

  has(hi: number, lo: number): boolean {
    const mask = this.slots.length / 2 - 1;
    for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
      const sh = this.slots[i * 2] ?? 0;
      const sl = this.slots[i * 2 + 1] ?? 0;
      if (sh === 0 && sl === 0) return false;
      if (sh === hi && sl === lo) return true;
    }
  }

  add(hi: number, lo: number): void {
    if ((this.count + 1) * 2 > this.slots.length / 2) this.grow();
    if (this.insert(this.slots, hi, lo)) this.count++;
  }

  private insert(slots: Uint32Array, hi: number, lo: number): boolean {
    const mask = slots.length / 2 - 1;
    for (let i = (lo ^ hi) & mask; ; i = (i + 1) & mask) {
      const sh = slots[i * 2] ?? 0;
      const sl = slots[i * 2 + 1] ?? 0;
      if (sh === 0 && sl === 0) {
        slots[i * 2] = hi;
        slots[i * 2 + 1] = lo;
        return true;
      }
      if (sh === hi && sl === lo) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i] ?? 0;
      const lo = old[i + 1] ?? 0;
      if (hi !== 0 || lo !== 0) this.insert(this.slots, hi, lo);
    }
  }
}

/** The all-zero hash marks an empty slot, so it is nudged to 1. */
function keyOf(workspaceId: string, messageId: string): [number, number] {
  const { hi, lo } = hash64(`${workspaceId}\u0000${messageId}`);
  return hi === 0 && lo === 0 ? [0, 1] : [hi, lo];
}

export class DedupeIndex {
  private current = new HashSet64();
  private previous = new HashSet64(16);
  private rotatedAt: number;

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
