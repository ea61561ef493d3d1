import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcDay } from '../reference/aggregate.ts';
import { EventLog } from './event-log.ts';

/** A mask of `bits` bits as the plan's 32-bit words. */
const wordsOf = (set: readonly number[], words: number): number[] => {
  const mask = new Array<number>(words).fill(0);
  for (const bit of set) mask[bit >>> 5] = ((mask[bit >>> 5] ?? 0) | (1 << (bit & 31))) >>> 0;
  return mask;
};

describe('EventLog', () => {
  it.each([
    [5, 'one byte'],
    [12, 'two bytes'],
    [40, 'two 32-bit words'],
  ])('keeps each event’s time and %i signal bits (%s a row), and saves them as 32-bit words', (bits) => {
    const words = Math.max(1, Math.ceil(bits / 32));
    const event = fc.record({
      time: fc.integer({ min: 0, max: 1_000 }),
      set: fc.uniqueArray(fc.integer({ min: 0, max: bits - 1 }), { minLength: 1, maxLength: bits }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: -1, max: 1_000 }), (events, edge) => {
        const pool = EventLog.pool(bits, words);
        const log = new EventLog(pool);
        for (const { time, set } of events) log.add(time, wordsOf(set, words));
        // The same events sorted by time (a stable sort: same-millisecond events in arrival order).
        const sorted = [...events].sort((a, b) => a.time - b.time);
        expect(log.rows()).toEqual(sorted.flatMap(({ time, set }) => [time, ...wordsOf(set, words)]));
        for (let bit = 0; bit < bits; bit++) {
          const after = sorted.filter(({ time, set }) => time > edge && set.includes(bit));
          expect(log.countMatches(bit, edge)).toBe(after.length);
          expect(log.firstMatch(bit, edge)).toBe(after[0]?.time ?? null);
        }
        expect(EventLog.from(pool, log.rows()).rows()).toEqual(log.rows());
        log.dropThrough(edge);
        expect(log.rows()).toEqual(
          sorted.filter(({ time }) => time > edge).flatMap(({ time, set }) => [time, ...wordsOf(set, words)]),
        );
      }),
    );
  });

  it('counts as a plain list would through adds, drops and counts of long logs (its running counts)', () => {
    const bits = 40;
    const words = 2;
    const step = fc.oneof(
      fc.record({
        add: fc.integer({ min: 0, max: 2_000 }),
        set: fc.uniqueArray(fc.integer({ min: 0, max: bits - 1 }), { maxLength: 4 }),
        copies: fc.integer({ min: 1, max: 60 }),
      }),
      fc.record({ drop: fc.integer({ min: 0, max: 1_000 }) }),
      fc.record({ count: fc.integer({ min: -1, max: 2_000 }), bit: fc.integer({ min: 0, max: bits - 1 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), (steps) => {
        const log = new EventLog(EventLog.pool(bits, words));
        let plain: { time: number; set: readonly number[] }[] = [];
        for (const s of steps) {
          if ('add' in s) {
            for (let copy = 0; copy < s.copies; copy++) {
              log.add(s.add + copy, wordsOf(s.set, words));
              plain.push({ time: s.add + copy, set: s.set });
            }
          } else if ('drop' in s) {
            log.dropThrough(s.drop);
            plain = plain.filter(({ time }) => time > s.drop);
          } else {
            const expected = plain.filter(({ time, set }) => time > s.count && set.includes(s.bit)).length;
            expect(log.countMatches(s.bit, s.count)).toBe(expected);
          }
        }
        expect(log.length).toBe(plain.length);
      }),
    );
  });

  it('finds the last match of the earliest day with a match after an edge, as a plain scan would', () => {
    const HOUR = 3_600_000;
    const event = fc.record({
      time: fc.integer({ min: 0, max: 24 * 4 }).map((h) => h * HOUR),
      set: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 120 }),
        fc.integer({ min: -1, max: 96 * HOUR }),
        (events, edge) => {
          const log = new EventLog(EventLog.pool(3, 1));
          for (const { time, set } of events) log.add(time, wordsOf(set, 1));
          const sorted = [...events].sort((a, b) => a.time - b.time);
          for (let bit = 0; bit < 3; bit++) {
            const matched = sorted.filter((e) => e.time > edge && e.set.includes(bit));
            const day = matched[0] === undefined ? null : utcDay(matched[0].time);
            const sameDay = matched.filter((e) => utcDay(e.time) === day);
            expect(log.earliestDayEnd(bit, edge)).toBe(sameDay.at(-1)?.time ?? null);
          }
        },
      ),
    );
  });

  it('takes a row of 9 bytes with up to 8 bits, 10 with up to 16, 8 + 4 per 32-bit word beyond', () => {
    expect(EventLog.pool(8, 1).rowBytes).toBe(9);
    expect(EventLog.pool(16, 1).rowBytes).toBe(10);
    expect(EventLog.pool(17, 1).rowBytes).toBe(12);
    expect(EventLog.pool(40, 2).rowBytes).toBe(16);
  });

  it('reads the UTC days of the events after an edge that matched a bit, as the events say', () => {
    const DAY = 86_400_000;
    // Times over five days, many on or a millisecond (or a fraction of one) either side of midnight.
    const time = fc.oneof(
      fc.integer({ min: 0, max: 5 * DAY }),
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom(-1, -0.25, 0, 0.5, 1))
        .map(([d, off]) => d * DAY + off),
    );
    const event = fc.record({ time, set: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), time, (events, edge) => {
        const log = new EventLog(EventLog.pool(3, 1));
        for (const { time, set } of events) log.add(time, wordsOf(set, 1));
        for (let bit = 0; bit < 3; bit++) {
          const days = new Set<string | number>();
          log.days(bit, edge, days);
          const expected = events
            .filter((e) => e.time > edge && e.set.includes(bit))
            .map((e) => utcDay(e.time));
          expect([...days].sort()).toEqual([...new Set(expected)].sort());
        }
      }),
    );
  });
});
