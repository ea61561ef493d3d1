/**
 * A saved cell's times as differences (state format 3): shorter, exact for whole times, left as they
 * are otherwise, and a format-2 cell (absolute times, no mark) reads unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellSnapshot } from './cell.ts';
import { packTimes, unpackTimes } from './snapshot-times.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

describe('a snapshot with its times as differences', () => {
  const cell: CellSnapshot = {
    first: T0,
    last: T0 + 9_000,
    // Two mask words per row: time, word, word.
    log: [T0, 3, 0, T0 + 4_000, 1, 2, T0 + 4_000, 5, 0, T0 + 9_000, 1, 0],
    sums: [
      [
        [T0, T0 + 9_000],
        [15, 2.5],
      ],
      [[], []],
    ],
    latest: [
      [
        ['string:b', T0 + 9_000],
        ['string:a', T0],
      ],
    ],
    histories: [2, 1, T0, T0 + 9_000],
    values: [['x']],
  };

  it('writes short differences and reads back the times exactly', () => {
    const packed = packTimes(cell, 3);
    expect(packed.deltas).toBe(true);
    expect(packed.log).toEqual([T0, 3, 0, 4_000, 1, 2, 0, 5, 0, 5_000, 1, 0]);
    expect(packed.sums).toEqual([
      [
        [T0, 9_000],
        [15, 2.5],
      ],
      [[], []],
    ]);
    expect(packed.latest).toEqual([
      [
        ['string:b', T0 + 9_000],
        ['string:a', -9_000],
      ],
    ]);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(cell).length);
    expect(unpackTimes(packed, 3)).toEqual(cell);
  });

  it('keeps the times as they are when one is not a whole number, and says so', () => {
    const fractional = { ...cell, log: [T0 + 0.25, 1, 0] };
    const packed = packTimes(fractional, 3);
    expect(packed).toBe(fractional);
    expect(packed.deltas).toBeUndefined();
    expect(unpackTimes(packed, 3)).toBe(fractional);
  });

  it('reads a snapshot saved before differences (format 2) as it is', () => {
    expect(unpackTimes(cell, 3)).toBe(cell);
  });

  const whole = fc.integer({ min: -(2 ** 52), max: 2 ** 52 });
  const any = fc.oneof(whole, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }));
  it.each([
    ['whole', whole],
    ['whole or not', any],
  ])('round-trips any times (%s), sorted or not, through JSON', (_, time) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(time, fc.nat(2 ** 32 - 1))), fc.array(time), (rows, sumTimes) => {
        const snapshot: CellSnapshot = {
          first: rows[0]?.[0] ?? null,
          last: null,
          log: rows.flat(),
          sums: [[sumTimes, sumTimes.map(() => 1)]],
          latest: [sumTimes.map((t, i) => [`v${i}`, t] as const)],
        };
        const saved: CellSnapshot = JSON.parse(JSON.stringify(packTimes(snapshot, 2)));
        expect(unpackTimes(saved, 2)).toEqual(JSON.parse(JSON.stringify(snapshot)));
      }),
    );
  });
});
