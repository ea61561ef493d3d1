/**
 * Lists sharing one row pool, each beside a plain model of what it should hold, under random use:
 * a step picks a list, then either moves its window's edge (dropping through it in both) or adds
 * at a time after the edge; every list is checked after every step, and once all are emptied the
 * pool must have every block back. The model tests of the pooled lists (`src/score/incremental/`).
 */
import { expect } from 'vitest';
import { seededRandom } from '../../src/lib/seeded-random.ts';
import { RowPool } from '../../src/score/incremental/row-pool.ts';

interface PooledList {
  dropThrough(edge: number): void;
}

export interface PooledListRun<L extends PooledList, M extends PooledList> {
  readonly seed: number;
  readonly stride: number;
  readonly lists: number;
  readonly steps: number;
  /** How far a drop moves the edge at most. */
  readonly edgeStep: number;
  readonly make: (pool: RowPool) => L;
  readonly model: () => M;
  /** Adds the same thing, at a time after `edge`, to the list and its model. */
  readonly add: (list: L, model: M, edge: number, random: () => number) => void;
  /** The list holds what its model says (expectations). */
  readonly check: (list: L, model: M) => void;
}

export function runPooledLists<L extends PooledList, M extends PooledList>(run: PooledListRun<L, M>): void {
  const random = seededRandom(run.seed);
  for (let round = 0; round < 20; round++) {
    const pool = new RowPool(run.stride);
    const lists = Array.from({ length: run.lists }, () => ({
      list: run.make(pool),
      model: run.model(),
      edge: 0,
    }));
    for (let step = 0; step < run.steps; step++) {
      const held = lists[Math.floor(random() * lists.length)];
      if (held === undefined) throw new Error('bug: no list');
      if (random() < 0.15) {
        held.edge += Math.floor(random() * run.edgeStep);
        held.list.dropThrough(held.edge);
        held.model.dropThrough(held.edge);
      } else run.add(held.list, held.model, held.edge, random);
      for (const { list, model } of lists) run.check(list, model);
    }
    // Emptied, every list gives its block back to the pool.
    for (const { list } of lists) list.dropThrough(Number.POSITIVE_INFINITY);
    expect(pool.rows.free).toBe(pool.rows.used);
  }
}
