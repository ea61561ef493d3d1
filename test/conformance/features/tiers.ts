/** Tiers: the highest tier whose minimum ≤ score; null below every tier. */
import { data, day, def, ev, exists, type Message, track, trait } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(5);
const points = { P1: 1, P10: 10, P25: 25, P50: 50 } as const;
const signals = Object.fromEntries(Object.keys(points).map((name) => [name, ev(name)]));
const fire = (user: string, names: readonly (keyof typeof points)[]): Message[] =>
  names.map((name) => track(user, name, day(1)));

export const tierFixtures: Fixture[] = [
  {
    name: 'boundaries, with no tier at zero',
    definition: def({ signals, points, tiers: { warm: 26, hot: 51, burning: 76 } }),
    dataset: data({
      events: [
        ...fire('s10', ['P10']),
        ...fire('s25', ['P25']),
        ...fire('s26', ['P25', 'P1']),
        ...fire('s50', ['P50']),
        ...fire('s51', ['P50', 'P1']),
        ...fire('s75', ['P50', 'P25']),
        ...fire('s76', ['P50', 'P25', 'P1']),
        ...fire('s86', ['P50', 'P25', 'P10', 'P1', 'P1']),
      ],
    }),
    asOf: [A],
    expect: [
      { entityId: 's10', asOf: A, score: 10, tier: null },
      { entityId: 's25', asOf: A, score: 25, tier: null },
      { entityId: 's26', asOf: A, score: 26, tier: 'warm' },
      { entityId: 's50', asOf: A, score: 50, tier: 'warm' },
      { entityId: 's51', asOf: A, score: 51, tier: 'hot' },
      { entityId: 's75', asOf: A, score: 75, tier: 'hot' },
      { entityId: 's76', asOf: A, score: 76, tier: 'burning' },
      { entityId: 's86', asOf: A, score: 86, tier: 'burning' },
    ],
  },
  {
    name: 'a gated-out entity scores 0 and takes the zero tier',
    definition: def({
      signals: { ...signals, known: trait('email', exists(true)) },
      points,
      gates: { fit: 'known' },
      tiers: { cold: 0, warm: 26 },
    }),
    dataset: data({ events: fire('u1', ['P50']) }),
    asOf: [A],
    expect: [{ entityId: 'u1', asOf: A, score: 0, tier: 'cold', gates: { fit: false } }],
  },
];
