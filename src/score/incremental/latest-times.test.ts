import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../lib/seeded-random.ts';
import { LatestTimes } from './latest-times.ts';
import { RowPool } from './row-pool.ts';

/** The same thing kept the plain way: value → latest time. */
class PlainLatest {
  readonly map = new Map<string, number>();

  see(value: string, time: number): void {
    const held = this.map.get(value);
    if (held === undefined || time > held) this.map.set(value, time);
  }

  dropThrough(edge: number): void {
    for (const [value, time] of this.map) if (time <= edge) this.map.delete(value);
  }

  /** Pairs sorted by time (ties in any order). */
  sorted(): [string, number][] {
    return [...this.map].sort(([, a], [, b]) => a - b);
  }
}

describe('LatestTimes', () => {
  it('holds what a map of latest times would, sorted by time, lists sharing one pool', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 20; round++) {
      const pool = new RowPool(LatestTimes.stride);
      const lists = Array.from({ length: 5 }, () => ({
        list: new LatestTimes(pool),
        plain: new PlainLatest(),
        edge: 0,
      }));
      for (let step = 0; step < 600; step++) {
        const held = lists[Math.floor(random() * lists.length)];
        if (held === undefined) throw new Error('bug: no list');
        if (random() < 0.15) {
          held.edge += Math.floor(random() * 30);
          held.list.dropThrough(held.edge);
          held.plain.dropThrough(held.edge);
        } else {
          const value = `v${Math.floor(random() * 12)}`;
          const time = held.edge + 1 + Math.floor(random() * 100);
          held.list.see(value, time);
          held.plain.see(value, time);
        }
        for (const { list, plain } of lists) {
          const pairs = list.pairs();
          expect(new Map(pairs)).toEqual(plain.map);
          expect(pairs.map(([, time]) => time)).toEqual(plain.sorted().map(([, time]) => time));
          expect(list.size).toBe(plain.map.size);
          expect(list.firstTime()).toBe(plain.sorted()[0]?.[1] ?? null);
          expect([...list.keys()]).toEqual(pairs.map(([value]) => value));
        }
      }
      for (const { list } of lists) list.dropThrough(Number.POSITIVE_INFINITY);
      expect(pool.rows.free).toBe(pool.rows.used);
    }
  });

  it('restores saved pairs in any order', () => {
    const list = LatestTimes.from([
      ['b', 20],
      ['a', 30],
      ['b', 10],
      ['c', 5],
    ]);
    expect(list.pairs()).toEqual([
      ['c', 5],
      ['b', 20],
      ['a', 30],
    ]);
  });
});
