import { describe, expect, it } from 'vitest';
import { load } from '../testing.ts';
import { deepFreeze } from './freeze.ts';

describe('the IR is frozen deeply', () => {
  it('at every level, so writes throw in strict mode', () => {
    const { ir } = load(`
      lists: { free: [gmail.com] }
      signals:
        s: { event: E, where: { plan: { in: $free } } }
      recency: [{ within: 7d, multiply: 1 }, { otherwise: 0.5 }]
      tiers: { cold: 0 }
    `);
    if (ir === null) throw new Error('expected a valid definition');
    expect(Object.isFrozen(ir)).toBe(true);
    expect(Object.isFrozen(ir.signals)).toBe(true);
    const signal = ir.signals[0];
    expect(signal?.kind).toBe('aggregate');
    if (signal?.kind !== 'aggregate') return;
    const filter = signal.where[0];
    expect(Object.isFrozen(filter?.comparison)).toBe(true);
    expect(filter?.comparison).toEqual({ op: 'in', values: ['gmail.com'] });
    if (filter?.comparison.op === 'in') expect(Object.isFrozen(filter.comparison.values)).toBe(true);
    expect(Object.isFrozen(ir.recency[1])).toBe(true);
    expect(() => {
      (ir.tiers as { name: string; min: number }[]).push({ name: 'x', min: 1 });
    }).toThrow(TypeError);
  });

  it('returns primitives and already-frozen values as they are', () => {
    expect(deepFreeze(3)).toBe(3);
    const frozen = Object.freeze({ a: 1 });
    expect(deepFreeze(frozen)).toBe(frozen);
  });
});
