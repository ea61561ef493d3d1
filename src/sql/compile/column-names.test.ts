import { describe, expect, test } from 'vitest';
import type { DefinitionIR, Signal } from '../../definition/ir.ts';
import { columnNames, slug } from './column-names.ts';

const trait = (name: string, key: string): Signal => ({
  kind: 'trait',
  name,
  label: null,
  inline: false,
  trait: key,
  comparison: { op: 'exists', value: true },
});

const ir = (signals: readonly Signal[], gates: readonly string[] = []): DefinitionIR => ({
  kindling: 1,
  name: 'n',
  entity: 'user',
  description: null,
  signals,
  gates: gates.map((name) => ({ name, signal: signals[0]?.name ?? '' })),
  points: [],
  cap: 100,
  recency: [],
  handRaisers: [],
  tiers: [],
});

describe('column names', () => {
  test('slugs keep [a-z0-9_] only and never come out empty', () => {
    expect(slug('Activated.all.0')).toBe('activated_all_0');
    expect(slug("it's -- /* x */")).toBe('it_s_x');
    expect(slug('😀')).toBe('x');
  });

  test('colliding slugs get numeric suffixes in definition order, the same every time', () => {
    const names = columnNames(ir([trait('a.b', 'k'), trait('a_b', 'k'), trait('A-B', 'K')], ['fit', 'Fit']));
    expect([...names.signals.values()].map((c) => c.holds)).toEqual([
      'sig_a_b_holds',
      'sig_a_b_2_holds',
      'sig_a_b_3_holds',
    ]);
    expect([...names.gates.values()]).toEqual(['gate_fit', 'gate_fit_2']);
    expect([...names.traits.entries()]).toEqual([
      ['k', 'trait_k'],
      ['K', 'trait_k_2'],
    ]);
  });

  test('every generated name fits the 63-byte Postgres identifier limit', () => {
    const long = 'x'.repeat(200);
    const names = columnNames(ir([trait(long, long), trait(`${long}.`, long)], [long]));
    const all = [...names.signals.values()].flatMap((c) => [c.holds, c.value, c.aggregate]);
    for (const name of [...all, ...names.gates.values(), ...names.traits.values()]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    }
    expect(new Set(all).size).toBe(all.length);
  });
});
