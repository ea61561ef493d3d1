/** Recency multiplier: first row whose window holds the last counted event, else `otherwise`. */
import { DAY, data, day, def, ev, gte, identify, member, track, trait, userTrait } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(40);
const rows = [
  ['7d', 100],
  ['30d', 50],
  [null, 10],
] as const;

export const recencyFixtures: Fixture[] = [
  {
    name: 'rows by the last counted event',
    definition: def({
      signals: { active: ev(null), big: trait('size', gte(100)) },
      points: { active: 50, big: 50 },
      recency: rows,
    }),
    dataset: data({
      events: [
        track('u1', 'Login', A - 1),
        track('u2', 'Login', A - 7 * DAY),
        track('u3', 'Login', A - 30 * DAY),
        track('u6', 'Login', A - 30 * DAY + 1),
        // An identify is not a counted event: u5 stays as old as its last track.
        track('u5', 'Login', A - 40 * DAY),
        identify('u5', A),
      ],
      traits: [userTrait('u4', 'size', 200, null)],
    }),
    asOf: [A],
    expect: [
      { entityId: 'u1', asOf: A, score: 50 },
      { entityId: 'u2', asOf: A, score: 25 },
      { entityId: 'u3', asOf: A, score: 5 },
      { entityId: 'u6', asOf: A, score: 25 },
      // No events: the otherwise row.
      { entityId: 'u4', asOf: A, score: 5, signals: { active: { holds: false, value: 0 } } },
      { entityId: 'u5', asOf: A, score: 5 },
    ],
  },
  {
    name: "an account's recency follows its members' events",
    definition: def({
      entity: 'account',
      signals: { active: ev(null) },
      points: { active: 50 },
      recency: rows,
    }),
    dataset: data({
      events: [track('u1', 'Login', day(1), {}, { groupId: 'acme' }), track('u2', 'Login', A - DAY)],
      memberships: [member('u2', 'acme', day(1))],
    }),
    asOf: [A],
    expect: [{ entityId: 'acme', asOf: A, score: 50 }],
  },
  {
    name: 'rows that all miss, with no otherwise row, give 0 %',
    definition: def({ signals: { active: ev(null) }, points: { active: 50 }, recency: [['7d', 100]] }),
    dataset: data({ events: [track('u1', 'Login', A - 8 * DAY), track('u2', 'Login', A - DAY)] }),
    asOf: [A],
    expect: [
      { entityId: 'u1', asOf: A, score: 0 },
      { entityId: 'u2', asOf: A, score: 50 },
    ],
  },
  {
    name: 'no recency rows',
    definition: def({ signals: { active: ev(null) }, points: { active: 50 } }),
    dataset: data({ events: [track('u1', 'Login', day(0))] }),
    asOf: [day(400)],
    expect: [{ entityId: 'u1', asOf: day(400), score: 50 }],
  },
];
