/** Identity: one-hop links that count from their own time, earliest link wins, self-links ignored. */
import { agg, anon, data, day, def, ev, exists, identify, link, track, trait, userTrait } from '../build.ts';
import type { Fixture } from '../fixture.ts';

export const identityFixtures: Fixture[] = [
  {
    name: 'anonymous history joins the user from the link on, earlier events included',
    definition: def({
      signals: {
        viewed: ev('Viewed'),
        anything: ev(null),
        email: trait('email', exists(true)),
        people: agg({ distinct: 'user' }),
      },
    }),
    dataset: data({
      events: [
        track(anon('a1'), 'Viewed', day(1)),
        track(anon('a1'), 'Viewed', day(2)),
        track('u1', 'Signed Up', day(5)),
        identify({ userId: 'u1', anonymousId: 'a1' }, day(5)),
      ],
      links: [link('a1', 'u1', day(5))],
      traits: [userTrait('a1', 'email', 'x@acme.com', day(1))],
    }),
    asOf: [day(3), day(5)],
    expect: [
      {
        entityId: 'a1',
        asOf: day(3),
        signals: { viewed: { holds: true, value: 2 }, email: { holds: true, value: 'x@acme.com' } },
      },
      { entityId: 'u1', asOf: day(3), present: false },
      {
        entityId: 'u1',
        asOf: day(5),
        signals: {
          viewed: { holds: true, value: 2 },
          anything: { holds: true, value: 3 },
          email: { holds: true, value: 'x@acme.com' },
          people: { holds: true, value: 1 },
        },
      },
      { entityId: 'a1', asOf: day(5), present: false },
    ],
  },
  {
    name: 'earliest link wins; ties go to the smallest user id; one hop; self-links ignored',
    definition: def({ signals: { clicked: ev('Clicked'), a: ev('A'), b: ev('B'), d: ev('D') } }),
    dataset: data({
      events: [
        track(anon('a3'), 'Clicked', day(1)),
        track('u2', 'Login', day(2)),
        track('u3', 'Login', day(2)),
        track(anon('a5'), 'A', day(2)),
        track('u5', 'B', day(2)),
        track({ userId: 'u7', anonymousId: 'a7' }, 'A', day(2)),
        track('u8', 'D', day(1)),
      ],
      links: [
        link('a3', 'u3', day(4)),
        link('a3', 'u2', day(4)),
        link('a3', 'u0', day(6)),
        link('a5', 'u5', day(1)),
        link('u5', 'u6', day(1)),
        link('u8', 'u8', day(1)),
        link('u8', 'u9', day(2)),
      ],
    }),
    asOf: [day(7)],
    expect: [
      { entityId: 'u2', asOf: day(7), signals: { clicked: { holds: true, value: 1 } } },
      { entityId: 'u3', asOf: day(7), signals: { clicked: { holds: false, value: 0 } } },
      { entityId: 'u0', asOf: day(7), present: false },
      // a5 → u5 and u5 → u6: a5's events stop at u5, u5's own go to u6.
      {
        entityId: 'u5',
        asOf: day(7),
        signals: { a: { holds: true, value: 1 }, b: { holds: false, value: 0 } },
      },
      { entityId: 'u6', asOf: day(7), signals: { b: { holds: true, value: 1 } } },
      { entityId: 'a5', asOf: day(7), present: false },
      // userId wins over anonymousId as the event's key.
      { entityId: 'u7', asOf: day(7), signals: { a: { holds: true, value: 1 } } },
      { entityId: 'a7', asOf: day(7), present: false },
      { entityId: 'u9', asOf: day(7), signals: { d: { holds: true, value: 1 } } },
      { entityId: 'u8', asOf: day(7), present: false },
    ],
  },
];
