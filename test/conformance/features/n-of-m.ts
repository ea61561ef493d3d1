/** `at_least: N of [...]` with `at_most`, and all / any / not, nested. */
import { all, any, data, day, def, ev, nOf, not, track } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(5);
const four = ['a', 'b', 'c', 'd'];

export const nOfMFixtures: Fixture[] = [
  {
    name: 'counting, bounding and combining signals',
    definition: def({
      signals: {
        a: ev('A'),
        b: ev('B'),
        c: ev('C'),
        d: ev('D', { atLeast: 2 }),
        two: nOf(four, { atLeast: 2 }),
        exactlyOne: nOf(four, { atLeast: 1, atMost: 1 }),
        none: nOf(four, { atMost: 0 }),
        ab: all(['a', 'b']),
        aOrC: any(['a', 'c']),
        notA: not('a'),
        nested: nOf(['ab', 'notA', 'c'], { atLeast: 2 }),
      },
      points: { two: 20 },
    }),
    dataset: data({
      events: [
        track('u1', 'A', day(1)),
        track('u1', 'B', day(1)),
        track('u1', 'D', day(1)),
        track('u2', 'C', day(1)),
        track('u3', 'D', day(1)),
        track('u3', 'D', day(2)),
        track('u3', 'B', day(2)),
        track('u4', 'Other', day(1)),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        score: 20,
        signals: {
          // One D is not enough for d.
          two: { holds: true, value: 2 },
          exactlyOne: { holds: false, value: 2 },
          none: { holds: false, value: 2 },
          ab: { holds: true, value: true },
          aOrC: { holds: true, value: true },
          notA: { holds: false, value: false },
          nested: { holds: false, value: 1 },
        },
      },
      {
        entityId: 'u2',
        asOf: A,
        score: 0,
        signals: {
          two: { holds: false, value: 1 },
          exactlyOne: { holds: true, value: 1 },
          ab: { holds: false, value: false },
          aOrC: { holds: true, value: true },
          notA: { holds: true, value: true },
          nested: { holds: true, value: 2 },
        },
      },
      { entityId: 'u3', asOf: A, score: 20, signals: { two: { holds: true, value: 2 } } },
      {
        entityId: 'u4',
        asOf: A,
        signals: { none: { holds: true, value: 0 }, two: { holds: false, value: 0 } },
      },
    ],
  },
];
