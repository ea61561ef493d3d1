import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryList } from './entry-list.ts';
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

/** One step of the property tests: gives back a held block (`rows` < 0) or takes one for `rows` and marks it. */
function takeStep(pool: RowPool, held: Held[], rows: number, index: number): void {
  if (rows < 0) {
    const gone = held.splice(index % Math.max(1, held.length), 1)[0];
    if (gone !== undefined) pool.release(gone.handle, gone.room);
    return;
  }
  const block = { handle: pool.allocate(rows), room: RowPool.roomFor(rows), mark: index + 1 };
  fill(pool, block);
  held.push(block);
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
          takeStep(pool, held, rows, index);
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

  it('repacks: blocks moved out of the emptied chunks keep their rows, and those chunks are dropped', () => {
    const step = fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 3_000 }), weight: 8 },
      { arbitrary: fc.constant(-1), weight: 6 },
      { arbitrary: fc.constant(0), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.array(step, { maxLength: 200, size: 'max' }),
        (stride, steps) => {
          const pool = new RowPool(stride);
          const held: Held[] = [];
          steps.forEach((rows, index) => {
            if (rows === 0) {
              const emptying = pool.beginEmptying();
              // What a list does to relocate: a block for its rows elsewhere, its rows copied, its own given back.
              held.forEach((block, at) => {
                if (!pool.emptying(block.handle)) return;
                const moved = { ...block, handle: pool.allocate(block.room) };
                expect(pool.emptying(moved.handle)).toBe(false);
                fill(pool, moved);
                pool.release(block.handle, block.room);
                held[at] = moved;
              });
              expect(pool.endEmptying()).toBe(emptying);
            } else takeStep(pool, held, rows, index);
            for (const block of held) expect(intact(pool, block)).toBe(true);
          });
          for (const block of held.splice(0)) pool.release(block.handle, block.room);
          const { used, free } = pool.rows;
          expect(free).toBe(used);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives back the room left behind by lists that grow together, once a quarter of it is free', () => {
    const pool = new RowPool(EntryList.stride);
    const cohort = Array.from({ length: 4_000 }, () => new EntryList(pool));
    let repacks = 0;
    for (let row = 1; row <= 60; row++) {
      for (const list of cohort) list.add(row, row);
      if (pool.wasteful && pool.beginEmptying() > 0) {
        for (const list of cohort) list.relocate();
        repacks += pool.endEmptying();
      }
    }
    // Each list went through every size up to 64 rows; without repacking, the sizes below it stay
    // free (155 rows a list beside its 64).
    expect(repacks).toBeGreaterThan(0);
    const { room, free } = pool.rows;
    expect(free).toBeLessThan(room / 3);
    for (const list of cohort) expect(list.sum()).toBe((60 * 61) / 2);
  });

  it('grows a chunk at a time: room stays within one chunk of what is handed out', () => {
    const pool = new RowPool(2);
    for (let n = 0; n < 40_000; n++) pool.allocate(1 + (n % 50));
    const { room, used } = pool.rows;
    expect(room - used).toBeLessThan(CHUNK_ROWS);
    expect(room).toBeGreaterThan(0);
  });
});
