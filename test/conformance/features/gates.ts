/** Gates: any failing gate zeroes the score; each gate is reported; hand-raisers ignore gates. */
import { all, data, day, def, ev, isIn, not, track, trait, userTrait } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(5);

export const gateFixtures: Fixture[] = [
  {
    name: 'activation and fit gates',
    definition: def({
      signals: {
        connected: ev('Data Source Connected'),
        dashboard: ev('Dashboard Created'),
        activated: all(['connected', 'dashboard']),
        personal: trait('email_domain', isIn(['gmail.com', 'yahoo.com'])),
        fit: not('personal'),
        demo: ev('Demo Requested'),
      },
      gates: { activation: 'activated', fit: 'fit' },
      points: { connected: 10, dashboard: 20, demo: 5 },
      handRaisers: ['demo'],
      tiers: { cold: 0, warm: 20 },
    }),
    dataset: data({
      events: [
        ...['u1', 'u3', 'u4'].flatMap((user) => [
          track(user, 'Data Source Connected', day(1)),
          track(user, 'Dashboard Created', day(2)),
        ]),
        track('u2', 'Data Source Connected', day(1)),
        track('u3', 'Demo Requested', day(3)),
      ],
      traits: [
        userTrait('u1', 'email_domain', 'acme.com', null),
        userTrait('u2', 'email_domain', 'acme.com', null),
        userTrait('u3', 'email_domain', 'gmail.com', null),
      ],
    }),
    asOf: [A],
    expect: [
      { entityId: 'u1', asOf: A, score: 30, tier: 'warm', gates: { activation: true, fit: true } },
      { entityId: 'u2', asOf: A, score: 0, tier: 'cold', gates: { activation: false, fit: true } },
      // Gated out with 35 points, but a hand-raiser all the same.
      {
        entityId: 'u3',
        asOf: A,
        score: 0,
        handRaiser: true,
        gates: { activation: true, fit: false },
      },
      // No e-mail domain at all: `in` fails on a missing trait, so `not` holds and the gate passes.
      {
        entityId: 'u4',
        asOf: A,
        score: 30,
        gates: { activation: true, fit: true },
        signals: { personal: { holds: false, value: null } },
      },
    ],
  },
];
