import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey, mix32, Rng, rngFor, WeightedChoice } from './prng.ts';

describe('Rng', () => {
  it('repeats its sequence for the same key and differs for another', () => {
    const draw = (key: number) =>
      Array.from(
        { length: 8 },
        (
          (r) => () =>
            r.next()
        )(new Rng(key)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps next() in [0, 1) and int(n) in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (key, n) => {
        const rng = new Rng(key);
        for (let i = 0; i < 50; i++) {
          const x = rng.next();
          const k = rng.int(n);
          if (x < 0 || x >= 1 || k < 0 || k >= n || !Number.isInteger(k)) return false;
        }
        return true;
      }),
    );
  });

  it('is close to uniform, and its Poisson and exponential draws have the asked mean', () => {
    const rng = rngFor(7, 1, 0);
    const n = 50_000;
    let sum = 0;
    let poisson = 0;
    let exponential = 0;
    for (let i = 0; i < n; i++) {
      sum += rng.next();
      poisson += rng.poisson(3);
      exponential += rng.exponential(10);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(poisson / n).toBeCloseTo(3, 1);
    expect(exponential / n).toBeGreaterThan(9.7);
    expect(exponential / n).toBeLessThan(10.3);
  });

  it('picks by weight', () => {
    const rng = new Rng(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++) counts[rng.weighted(['a', 'b'] as const, [1, 3])]++;
    expect(counts.b / 20_000).toBeCloseTo(0.75, 1);
  });
});

describe('WeightedChoice', () => {
  it('picks by weight and never picks a zero-weight item', () => {
    const choice = new WeightedChoice(['a', 'b', 'c'], [1, 0, 3]);
    const rng = new Rng(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[choice.pick(rng) as 'a' | 'b' | 'c']++;
    expect(counts.b).toBe(0);
    expect(counts.c / 20_000).toBeCloseTo(0.75, 1);
  });

  it('refuses mismatched lists', () => {
    expect(() => new WeightedChoice(['a'], [1, 2])).toThrow(RangeError);
  });
});

describe('mix32 and hashKey', () => {
  it('mix32 never maps two of the first 200,000 integers to one value', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(mix32(i));
    expect(seen.size).toBe(200_000);
  });

  it('hashKey depends on order and on bits above 32', () => {
    expect(hashKey(1, 2)).not.toBe(hashKey(2, 1));
    expect(hashKey(1_700_000_000_000)).not.toBe(hashKey(1_700_000_000_000 + 2 ** 32));
  });
});
