import { describe, expect, it } from 'vitest';
import type { Signal } from '../ir.ts';
import { codes, load, places } from '../testing.ts';

function dependencies(signal: Signal): readonly string[] {
  if (signal.kind === 'all' || signal.kind === 'any' || signal.kind === 'count_of') return signal.items;
  if (signal.kind === 'not') return [signal.item];
  return [];
}

describe('dependency order', () => {
  it('puts every signal after the signals it reads', () => {
    const result = load(`
      signals:
        top: { all: [middle, { not: leaf_b }] }
        middle: { any: [leaf_a, leaf_b] }
        leaf_b: { event: B }
        leaf_a: { event: A }
        alone: { last_seen: 7d }
    `);
    const signals = result.ir?.signals ?? [];
    const position = new Map(signals.map((s, i) => [s.name, i]));
    expect(signals).toHaveLength(6);
    for (const signal of signals) {
      for (const dependency of dependencies(signal)) {
        expect(position.get(dependency)).toBeLessThan(position.get(signal.name) ?? -1);
      }
    }
  });

  it('is the same whatever the order of the signals in the file', () => {
    const a = load('signals:\n  x: { all: [y, z] }\n  y: { event: Y }\n  z: { event: Z }\n');
    const b = load('signals:\n  z: { event: Z }\n  y: { event: Y }\n  x: { all: [y, z] }\n');
    expect(a.ir?.signals.map((s) => s.name)).toEqual(b.ir?.signals.map((s) => s.name));
  });
});

describe('cycles', () => {
  it('are reported once per loop, at the reference that closes it', () => {
    const result = load('signals:\n  loop_a: { any: [loop_b] }\n  loop_b: { not: loop_a }\n');
    expect(places(result)).toEqual(['signal-cycle@6:18']);
    expect(result.problems[0]?.message).toBe(
      'signals reference each other in a loop: loop_a → loop_b → loop_a',
    );
    expect(result.ir).toBeNull();
  });

  it('include a signal reading itself, and loops through inline signals', () => {
    expect(codes(load('signals:\n  s: { all: [s] }\n'))).toEqual(['signal-cycle']);
    const inline = load('signals:\n  s: { all: [{ not: s }] }\n');
    expect(inline.problems.map((p) => p.message)).toEqual([
      'signals reference each other in a loop: s → s.1 → s',
    ]);
  });

  it('report separate loops separately', () => {
    const result = load('signals:\n  a: { not: b }\n  b: { not: a }\n  c: { not: d }\n  d: { not: c }\n');
    expect(codes(result)).toEqual(['signal-cycle', 'signal-cycle']);
  });
});
