import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseCut } from './count-cut.ts';
import { numberForName, simplestAbove } from './nice-number.ts';

describe('simplestAbove', () => {
  it('writes the simplest number that selects the same values', () => {
    expect(simplestAbove(3.2, 3.4999999)).toBe(3.4);
    expect(simplestAbove(587.1, 598.9333)).toBe(590);
    expect(simplestAbove(2, 3)).toBe(3);
    expect(simplestAbove(99, 100)).toBe(100);
    expect(simplestAbove(-0.5, 0.3)).toBe(0);
    expect(simplestAbove(-10, -3.7)).toBe(-4);
    expect(simplestAbove(Number.NEGATIVE_INFINITY, 5.5)).toBe(5.5);
  });

  it('always lies in (lower, upper] (property)', () => {
    const pair = fc
      .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }))
      .filter(([a, gap]) => gap > Math.abs(a) * 1e-12 + 1e-9);
    fc.assert(
      fc.property(pair, ([lower, gap]) => {
        const upper = lower + gap;
        const value = simplestAbove(lower, upper);
        expect(value).toBeGreaterThan(lower);
        expect(value).toBeLessThanOrEqual(upper);
      }),
    );
  });
});

describe('numberForName', () => {
  it('turns cut values into signal-name parts', () => {
    expect(numberForName(3.5)).toBe('3_5');
    expect(numberForName(-2)).toBe('minus_2');
    expect(numberForName(1e-7)).toBe('0_0000001');
    expect(numberForName(590)).toBe('590');
  });
});

describe('chooseCut', () => {
  it('writes a float cut as the simplest number selecting the same training rows', () => {
    const values = Float64Array.from([0, 1.2, 2.1, 3.4999999, 4.2, 5.7, 0.4, 3.4999999]);
    const labels = Uint8Array.from([0, 0, 0, 1, 1, 1, 0, 1]);
    expect(chooseCut(values, labels)).toBe(3);
  });
});
