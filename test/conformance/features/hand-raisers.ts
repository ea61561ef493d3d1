/** Hand-raisers: any listed signal holds, whatever the gates and the score. */
import { DAY, data, day, def, ev, gte, HOUR, track, trait, userTrait } from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(40);
const signals = {
  demo: ev('Demo Requested', { within: '30d' }),
  checkout: ev('Checkout Started', { within: '7d' }),
  fit: trait('size', gte(10)),
};
const dataset = data({
  events: [
    track('u1', 'Demo Requested', A - 10 * DAY),
    track('u2', 'Demo Requested', A - 30 * DAY),
    track('u3', 'Checkout Started', A - DAY),
    track('u4', 'Demo Requested', A - 30 * DAY + HOUR),
  ],
  traits: [userTrait('u1', 'size', 50, null), userTrait('u2', 'size', 50, null)],
});

export const handRaiserFixtures: Fixture[] = [
  {
    name: 'hand-raisers by window, independent of gates',
    definition: def({
      signals,
      gates: { fit: 'fit' },
      points: { demo: 10 },
      handRaisers: ['demo', 'checkout'],
    }),
    dataset,
    asOf: [A],
    expect: [
      { entityId: 'u1', asOf: A, handRaiser: true, score: 10 },
      { entityId: 'u2', asOf: A, handRaiser: false, score: 0 },
      { entityId: 'u3', asOf: A, handRaiser: true, score: 0, gates: { fit: false } },
      { entityId: 'u4', asOf: A, handRaiser: true },
    ],
  },
  {
    name: 'no hand-raisers listed',
    definition: def({ signals }),
    dataset,
    asOf: [A],
    expect: [{ entityId: 'u1', asOf: A, handRaiser: false, signals: { demo: { holds: true, value: 1 } } }],
  },
];
