/** Traits as of a time: latest at or before `as_of`, ties by seq, null timestamps since forever, null unsets. */
import { data, day, def, eq, exists, gte, ne, track, trait, userTrait } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const signals = {
  big: trait('company_size', gte(100)),
  pro: trait('plan', eq('pro')),
  hasRole: trait('role', exists(true)),
  noRole: trait('role', exists(false)),
  notAdmin: trait('role', ne('admin')),
  tagged: trait('tags', exists(true)),
  textBig: trait('size_text', gte(100)),
};

export const traitFixtures: Fixture[] = [
  {
    name: 'history of one user',
    definition: def({ signals }),
    dataset: data({
      events: [track('u1', 'Login', day(1))],
      traits: [
        userTrait('u1', 'company_size', 50, null),
        userTrait('u1', 'company_size', 150, day(10)),
        // Same time: the larger seq wins, wherever it sits in the list.
        userTrait('u1', 'plan', 'pro', day(5), 40),
        userTrait('u1', 'plan', 'free', day(5), 30),
        userTrait('u1', 'role', 'admin', day(3)),
        userTrait('u1', 'role', null, day(8)),
        userTrait('u1', 'tags', ['a', 'b'], day(1)),
        userTrait('u1', 'size_text', '150', null),
      ],
    }),
    asOf: [day(4), day(9), day(10)],
    expect: [
      {
        entityId: 'u1',
        asOf: day(4),
        signals: {
          big: { holds: false, value: 50 },
          pro: { holds: false, value: null },
          hasRole: { holds: true, value: 'admin' },
          noRole: { holds: false, value: 'admin' },
          notAdmin: { holds: false, value: 'admin' },
          tagged: { holds: true, value: '["a","b"]' },
          textBig: { holds: false, value: '150' },
        },
      },
      {
        entityId: 'u1',
        asOf: day(9),
        signals: {
          big: { holds: false, value: 50 },
          pro: { holds: true, value: 'pro' },
          // Set to null on day 8: missing again.
          hasRole: { holds: false, value: null },
          noRole: { holds: true, value: null },
          notAdmin: { holds: true, value: null },
        },
      },
      { entityId: 'u1', asOf: day(10), signals: { big: { holds: true, value: 150 } } },
    ],
  },
  {
    name: 'a user known only from traits exists once a trait does',
    definition: def({ signals: { pro: trait('plan', eq('pro')) } }),
    dataset: data({
      traits: [userTrait('u9', 'plan', 'pro', day(20)), userTrait('u8', 'plan', 'free', null)],
    }),
    asOf: [day(10), day(20)],
    expect: [
      { entityId: 'u9', asOf: day(10), present: false },
      { entityId: 'u9', asOf: day(20), signals: { pro: { holds: true, value: 'pro' } } },
      { entityId: 'u8', asOf: day(10), signals: { pro: { holds: false, value: 'free' } } },
    ],
  },
];
