import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, RowPool } from './row-pool.ts';

interface Held {
  readonly handle: number;
  readonly room: number;
  readonly mark: number;
}

/** Fills a block's numbers with its mark. */
function fill(pool: RowPool, held: Held): void {
  const at = pool.rowOf(held.handle) * pool.stride;
  pool.chunkOf(held.handle).fill(held.mark, at, at + held.room * pool.stride);
}

/** Whether all of a block's numbers still hold its mark. */
function intact(pool: RowPool, held: Held): boolean {
  const at = pool.rowOf(held.handle) * pool.stride;
  const numbers = pool.chunkOf(held.handle).subarray(at, at + held.room * pool.stride);
  return numbers.length === held.room * pool.stride && numbers.every((n) => n === held.mark);
}

describe('RowPool', () => {
  it('makes room within a size step of ≈ √2: at least what was asked, at most half as much again', () => {
    for (let rows = 1; rows <= 100_000; rows++) {
      const room = RowPool.roomFor(rows);
      expect(room).toBeGreaterThanOrEqual(Math.max(2, rows));
      if (rows >= 2) expect(room).toBeLessThanOrEqual(1.5 * rows);
    }
    expect([1, 2, 3, 4, 5, 7, 9, 13, 17].map(RowPool.roomFor)).toEqual([2, 2, 3, 4, 6, 8, 12, 16, 24]);
  });

  it('hands out blocks that never overlap, keeps their rows in place, and gets every row back', () => {
    const step = fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 300 }), weight: 8 },
      { arbitrary: fc.integer({ min: 301, max: 2 * CHUNK_ROWS }), weight: 1 },
      { arbitrary: fc.constant(-1), weight: 4 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 120 }), (stride, steps) => {
        const pool = new RowPool(stride);
        const held: Held[] = [];
        steps.forEach((rows, index) => {
          if (rows < 0) {
            const gone = held.splice(index % Math.max(1, held.length), 1)[0];
            if (gone !== undefined) pool.release(gone.handle, gone.room);
          } else {
            const block = { handle: pool.allocate(rows), room: RowPool.roomFor(rows), mark: index + 1 };
            fill(pool, block);
            held.push(block);
          }
          // Every held block still holds its own mark: none was handed out twice or moved.
          for (const block of held) expect(intact(pool, block)).toBe(true);
        });
        for (const block of held.splice(0)) pool.release(block.handle, block.room);
        const { room, used, free } = pool.rows;
        expect(free).toBe(used);
        // Blocks larger than a chunk had chunks of their own, given back with them.
        expect(room % CHUNK_ROWS).toBe(0);
      }),
    );
  });

  it('grows a chunk at a time: room stays within one chunk of what is handed out', () => {
    const pool = new RowPool(2);
    for (let n = 0; n < 40_000; n++) pool.allocate(1 + (n % 50));
    const { room, used } = pool.rows;
    expect(room - used).toBeLessThan(CHUNK_ROWS);
    expect(room).toBeGreaterThan(0);
  });
});
