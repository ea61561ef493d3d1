import { describe, expect, it } from 'vitest';
import { runPooledLists } from '../../../test/support/pooled-lists.ts';
import { EntryList } from './entry-list.ts';

/** The same entries kept the plain way: sorted arrays, one entry per millisecond. */
class PlainEntries {
  readonly times: number[] = [];
  readonly values: number[] = [];

  add(time: number, value: number): void {
    const at = this.times.findIndex((t) => t >= time);
    if (at >= 0 && this.times[at] === time) this.values[at] = (this.values[at] ?? 0) + value;
    else {
      const index = at < 0 ? this.times.length : at;
      this.times.splice(index, 0, time);
      this.values.splice(index, 0, value);
    }
  }

  dropThrough(edge: number): void {
    while ((this.times[0] ?? Number.POSITIVE_INFINITY) <= edge) {
      this.times.shift();
      this.values.shift();
    }
  }
}

describe('EntryList', () => {
  it('keeps the same sorted entries, sums and ends as plain arrays, lists sharing one pool, under random adds and drops', () => {
    runPooledLists({
      seed: 7,
      stride: EntryList.stride,
      lists: 6,
      steps: 900,
      edgeStep: 40,
      make: (pool) => new EntryList(pool),
      model: () => new PlainEntries(),
      add: (list, plain, edge, random) => {
        const time = edge + 1 + Math.floor(random() * 100);
        const value = random() < 0.5 ? 1 : random() * 10;
        list.add(time, value);
        plain.add(time, value);
      },
      check: (list, plain) => {
        expect(list.toArrays()).toEqual({ times: plain.times, values: plain.values });
        expect(list.length).toBe(plain.times.length);
        expect(list.firstTime()).toBe(plain.times[0] ?? null);
        expect(list.lastTime()).toBe(plain.times.at(-1) ?? null);
        expect(list.sum()).toBe(plain.values.reduce((total, value) => total + value, 0));
      },
    });
  });

  it('restores what it saved', () => {
    const list = new EntryList();
    for (const time of [30, 10, 20, 20]) list.add(time, time / 10);
    const { times, values } = list.toArrays();
    expect(EntryList.from(times, values).toArrays()).toEqual({ times: [10, 20, 30], values: [1, 4, 3] });
    expect(EntryList.from([], []).length).toBe(0);
  });
});
