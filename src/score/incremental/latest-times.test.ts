import { describe, expect, it } from 'vitest';
import { runPooledLists } from '../../../test/support/pooled-lists.ts';
import { LatestTimes } from './latest-times.ts';

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
    runPooledLists({
      seed: 11,
      stride: LatestTimes.stride,
      lists: 5,
      steps: 600,
      edgeStep: 30,
      make: (pool) => new LatestTimes(pool),
      model: () => new PlainLatest(),
      add: (list, plain, edge, random) => {
        const value = `v${Math.floor(random() * 12)}`;
        const time = edge + 1 + Math.floor(random() * 100);
        list.see(value, time);
        plain.see(value, time);
      },
      check: (list, plain) => {
        const pairs = list.pairs();
        expect(new Map(pairs)).toEqual(plain.map);
        expect(pairs.map(([, time]) => time)).toEqual(plain.sorted().map(([, time]) => time));
        expect(list.size).toBe(plain.map.size);
        expect(list.firstTime()).toBe(plain.sorted()[0]?.[1] ?? null);
        expect([...list.keys()]).toEqual(pairs.map(([value]) => value));
      },
    });
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
