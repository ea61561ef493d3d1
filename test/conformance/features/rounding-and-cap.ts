/** Exact rounding `floor((points × percent + 50) / 100)`, negative totals, and the cap after the multiplier. */
import { DAY, data, day, def, ev, HOUR, type Message, track } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(10);
const points = { P4: 4, P5: 5, P10: 10, P15: 15, P25: 25, P33: 33, P150: 150, N20: -20 } as const;
type PointSignal = keyof typeof points;

/** When the last event must be for each multiplier, given the rows below. */
const lastEventFor = {
  100: A - HOUR,
  50: A - DAY - HOUR,
  33: A - 2 * DAY - HOUR,
  10: A - 3 * DAY - HOUR,
  75: A - 4 * DAY - HOUR,
  150: A - 6 * DAY,
} as const;

const definition = (cap: number) =>
  def({
    signals: Object.fromEntries(Object.keys(points).map((name) => [name, ev(name)])),
    points,
    cap,
    recency: [
      ['1d', 100],
      ['2d', 50],
      ['3d', 33],
      ['4d', 10],
      ['5d', 75],
      [null, 150],
    ],
  });

const fire = (user: string, signals: readonly PointSignal[], percent: keyof typeof lastEventFor): Message[] =>
  signals.map((signal) => track(user, signal, lastEventFor[percent]));

export const roundingFixtures: Fixture[] = [
  {
    name: 'half up, in integers',
    definition: definition(100),
    dataset: data({
      events: [
        ...fire('12.5', ['P25'], 50),
        ...fire('2.5', ['P5'], 50),
        ...fire('1.5', ['P15'], 10),
        ...fire('0.5', ['P5'], 10),
        ...fire('0.4', ['P4'], 10),
        ...fire('10.89', ['P33'], 33),
        ...fire('18.75', ['P25'], 75),
        ...fire('22.5', ['P15'], 150),
        ...fire('+5 x 10%', ['N20', 'P25'], 10),
        ...fire('-5 x 10%', ['N20', 'P15'], 10),
        ...fire('-10', ['P10', 'N20'], 100),
      ],
    }),
    asOf: [A],
    expect: [
      { entityId: '12.5', asOf: A, score: 13 },
      { entityId: '2.5', asOf: A, score: 3 },
      { entityId: '1.5', asOf: A, score: 2 },
      { entityId: '0.5', asOf: A, score: 1 },
      { entityId: '0.4', asOf: A, score: 0 },
      { entityId: '10.89', asOf: A, score: 11 },
      { entityId: '18.75', asOf: A, score: 19 },
      { entityId: '22.5', asOf: A, score: 23 },
      { entityId: '+5 x 10%', asOf: A, score: 1 },
      { entityId: '-5 x 10%', asOf: A, score: 0 },
      { entityId: '-10', asOf: A, score: 0 },
    ],
  },
  {
    name: 'the cap applies after the multiplier',
    definition: definition(100),
    dataset: data({ events: [...fire('150 x 100%', ['P150'], 100), ...fire('150 x 50%', ['P150'], 50)] }),
    asOf: [A],
    expect: [
      { entityId: '150 x 100%', asOf: A, score: 100 },
      { entityId: '150 x 50%', asOf: A, score: 75 },
    ],
  },
  {
    name: 'a custom cap',
    definition: definition(40),
    dataset: data({ events: [...fire('150', ['P150'], 100), ...fire('25', ['P25'], 100)] }),
    asOf: [A],
    expect: [
      { entityId: '150', asOf: A, score: 40 },
      { entityId: '25', asOf: A, score: 25 },
    ],
  },
];
