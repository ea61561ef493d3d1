/** Windows `(as_of - within, as_of]`: the start is excluded, `as_of` included, the future invisible. */
import {
  alias,
  anon,
  DAY,
  data,
  day,
  def,
  ev,
  groupCall,
  HOUR,
  identify,
  MINUTE,
  page,
  screen,
  track,
} from '../build.ts';
import type { Fixture } from '../fixture.ts';

const A = day(10);

export const windowFixtures: Fixture[] = [
  {
    name: 'boundaries: as_of - within excluded, as_of included, later events do not exist',
    definition: def({
      signals: {
        recent: ev('Login', { within: '7d' }),
        twice: ev('Login', { within: '7d', atLeast: 2 }),
        ever: ev('Login'),
      },
    }),
    dataset: data({
      events: [
        track('u1', 'Login', A - 7 * DAY),
        track('u1', 'Login', A - 7 * DAY + 1),
        track('u1', 'Login', A),
        track('u1', 'Login', A + 1),
        track('u2', 'Login', day(12)),
      ],
    }),
    asOf: [A, A + 1],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          recent: { holds: true, value: 2 },
          twice: { holds: true, value: 2 },
          ever: { holds: true, value: 3 },
        },
      },
      // One millisecond later the oldest in-window event sits exactly on the excluded start.
      {
        entityId: 'u1',
        asOf: A + 1,
        signals: { recent: { holds: true, value: 2 }, ever: { holds: true, value: 4 } },
      },
      { entityId: 'u2', asOf: A, present: false },
      { entityId: 'u2', asOf: A + 1, present: false },
    ],
  },
  {
    name: 'durations in minutes, hours and weeks',
    definition: def({
      signals: {
        minutes: ev('X', { within: '90m' }),
        hours: ev('X', { within: '36h' }),
        week: ev('X', { within: '1w' }),
        ever: ev('X'),
      },
    }),
    dataset: data({
      events: [
        track('u1', 'X', A - 89 * MINUTE),
        track('u1', 'X', A - 90 * MINUTE),
        track('u1', 'X', A - 36 * HOUR),
        track('u1', 'X', A - 7 * DAY),
        track('u1', 'X', A - 8 * DAY),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: {
          minutes: { holds: true, value: 1 },
          hours: { holds: true, value: 2 },
          week: { holds: true, value: 3 },
          ever: { holds: true, value: 5 },
        },
      },
    ],
  },
  {
    name: 'track, page and screen are counted; identify, group and alias are not',
    definition: def({
      signals: { any: ev(null, { within: '1w' }), pages: ev('$page'), screens: ev('$screen') },
    }),
    dataset: data({
      events: [
        track('u1', 'Clicked', day(1)),
        page('u1', day(2), { path: '/pricing' }),
        screen('u1', day(3)),
        identify('u1', day(4)),
        groupCall('u1', 'acme', day(4)),
        alias('u1', day(4)),
        identify(anon('a2'), day(2)),
      ],
    }),
    asOf: [day(5)],
    expect: [
      {
        entityId: 'u1',
        asOf: day(5),
        signals: {
          any: { holds: true, value: 3 },
          pages: { holds: true, value: 1 },
          screens: { holds: true, value: 1 },
        },
      },
      // An identify alone makes the visitor exist, with nothing counted.
      { entityId: 'a2', asOf: day(5), signals: { any: { holds: false, value: 0 } } },
    ],
  },
  {
    name: 'at_most alone, and at_least with at_most',
    definition: def({
      signals: {
        calm: ev('Error', { within: '1d', atMost: 1 }),
        exactlyOne: ev('Error', { within: '1d', atLeast: 1, atMost: 1 }),
      },
    }),
    dataset: data({
      events: [
        track('u1', 'Error', A - HOUR),
        track('u1', 'Error', A - 2 * HOUR),
        track('u2', 'Error', A - 2 * DAY),
        track('u2', 'Login', A),
        track('u3', 'Error', A - 3 * HOUR),
      ],
    }),
    asOf: [A],
    expect: [
      {
        entityId: 'u1',
        asOf: A,
        signals: { calm: { holds: false, value: 2 }, exactlyOne: { holds: false, value: 2 } },
      },
      {
        entityId: 'u2',
        asOf: A,
        signals: { calm: { holds: true, value: 0 }, exactlyOne: { holds: false, value: 0 } },
      },
      {
        entityId: 'u3',
        asOf: A,
        signals: { calm: { holds: true, value: 1 }, exactlyOne: { holds: true, value: 1 } },
      },
    ],
  },
];
