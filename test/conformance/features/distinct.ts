/** Distinct counts: users (after identity resolution), UTC days, and typed property values. */
import type { JsonValue } from '../../../src/lib/json.ts';
import { agg, anon, DAY, data, day, def, link, MINUTE, track } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const acme = { groupId: 'acme' };
const features: JsonValue[] = ['a', 'a', 'b', 1, '1', null, { x: 1 }, ['a'], true];
const kinds: JsonValue[] = [{ kind: 'x' }, { kind: 'x' }, { kind: 'y' }, 'kind'];

export const distinctFixtures: Fixture[] = [
  {
    name: 'distinct users, days and property values on an account',
    definition: def({
      entity: 'account',
      signals: {
        team: agg({ distinct: 'user', within: '14d', atLeast: 3 }),
        bigTeam: agg({ distinct: 'user', within: '14d', atLeast: 4 }),
        days: agg({ distinct: 'day', within: '30d' }),
        breadth: agg({ event: 'Feature Used', distinct: 'feature', within: '30d', atLeast: 5 }),
        kinds: agg({ event: 'Feature Used', distinct: 'meta.kind' }),
      },
    }),
    dataset: data({
      events: [
        track('u3', 'Login', day(10), {}, acme),
        track('u1', 'Login', day(20), {}, acme),
        // An event with no user key still has a day, but no user.
        track({}, 'Login', day(21), {}, acme),
        track('u1', 'Login', day(25) + DAY - MINUTE, {}, acme),
        track('u2', 'Login', day(26), {}, acme),
        track(anon('a1'), 'Login', day(27), {}, acme),
        track(anon('a2'), 'Login', day(28), {}, acme),
        ...features.map((feature, i) => track('u1', 'Feature Used', day(29) + i * MINUTE, { feature }, acme)),
        track('u1', 'Feature Used', day(29) + 20 * MINUTE, { other: 'a' }, acme),
        ...kinds.map((meta, i) => track('u1', 'Feature Used', day(29) + (30 + i) * MINUTE, { meta }, acme)),
      ],
      links: [link('a2', 'u1', day(5))],
    }),
    asOf: [day(26) + DAY / 2, day(30)],
    expect: [
      {
        entityId: 'acme',
        asOf: day(26) + DAY / 2,
        signals: {
          team: { holds: false, value: 2 },
          days: { holds: true, value: 5 },
          breadth: { holds: false, value: 0 },
        },
      },
      {
        entityId: 'acme',
        asOf: day(30),
        signals: {
          // u1 (a2 is u1 since day 5), u2, and a1 who was never identified; u3 is outside the window.
          team: { holds: true, value: 3 },
          bigTeam: { holds: false, value: 3 },
          days: { holds: true, value: 8 },
          // 'a', 'b', 1, '1', true: null, objects and arrays are not values.
          breadth: { holds: true, value: 5 },
          kinds: { holds: true, value: 2 },
        },
      },
    ],
  },
  {
    name: 'a user counts once, across anonymous and identified history',
    definition: def({
      signals: { people: agg({ distinct: 'user' }), days: agg({ distinct: 'day' }) },
    }),
    dataset: data({
      events: [
        track(anon('a1'), 'Viewed', day(1)),
        track(anon('a1'), 'Viewed', day(1) + 1),
        track('u1', 'Signed Up', day(2)),
      ],
      links: [link('a1', 'u1', day(2))],
    }),
    asOf: [day(3)],
    expect: [
      {
        entityId: 'u1',
        asOf: day(3),
        signals: { people: { holds: true, value: 1 }, days: { holds: true, value: 2 } },
      },
    ],
  },
  {
    name: 'a distinct value leaves the window when its latest event is exactly at the edge',
    definition: def({
      entity: 'account',
      signals: {
        days: agg({ distinct: 'day', within: '2d' }),
        users: agg({ distinct: 'user', within: '2d' }),
        plans: agg({ distinct: 'plan', within: '2d' }),
      },
    }),
    dataset: data({
      events: [
        track('u1', 'Login', day(7), { plan: 'b' }, acme),
        track('u1', 'Login', day(8), { plan: 'a' }, acme),
        track('u2', 'Login', day(9), { plan: 'b' }, acme),
      ],
    }),
    asOf: [day(10) - 1, day(10)],
    expect: [
      {
        entityId: 'acme',
        asOf: day(10) - 1,
        signals: {
          days: { holds: true, value: 2 },
          users: { holds: true, value: 2 },
          plans: { holds: true, value: 2 },
        },
      },
      // The day-8 event sits exactly at as_of - within: outside, with its day, user and plan.
      {
        entityId: 'acme',
        asOf: day(10),
        signals: {
          days: { holds: true, value: 1 },
          users: { holds: true, value: 1 },
          plans: { holds: true, value: 1 },
        },
      },
    ],
  },
];
