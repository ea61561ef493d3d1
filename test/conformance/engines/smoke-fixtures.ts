/**
 * Hand-built fixtures for the SQL engines: one of each broad shape (user scoring, accounts with
 * domain accounts) and one whose every name and value is hostile to SQL text, to prove that all
 * user input reaches SQL only through the dialect's literal and identifier functions.
 */
import {
  accountTrait,
  agg,
  all,
  anon,
  contains,
  DAY,
  data,
  day,
  def,
  ev,
  gte,
  HOUR,
  identify,
  isIn,
  lastSeen,
  link,
  member,
  nOf,
  not,
  notIn,
  page,
  startsWith,
  track,
  trait,
  userTrait,
} from '../build.ts';
import type { Fixture } from '../fixture.ts';

const T = day(20);

const userScoring: Fixture = {
  name: 'smoke: user scoring',
  definition: def({
    signals: {
      exported: agg({ event: 'Report Exported', sum: 'rows', within: '30d', atLeast: 1000 }),
      pricing: ev('$page', { where: { path: '/pricing' }, within: '7d', atLeast: 3 }),
      breadth: agg({ event: 'Feature Used', distinct: 'feature', within: '30d', atLeast: 2 }),
      big: trait('company_size', gte(100)),
      seen: lastSeen('7d'),
      activated: all(['exported', 'pricing']),
      broad: nOf(['exported', 'pricing', 'breadth', 'big'], { atLeast: 2 }),
      not_big: not('big'),
    },
    gates: { activation: 'activated' },
    points: { exported: 30, pricing: 20, breadth: 10, big: 15, not_big: -5 },
    recency: [
      ['7d', 100],
      ['30d', 50],
      [null, 10],
    ],
    handRaisers: ['breadth'],
    tiers: { cold: 0, warm: 26, hot: 51 },
  }),
  dataset: data({
    events: [
      track('u1', 'Signed Up', T - 20 * DAY),
      track('u1', 'Report Exported', T - 2 * DAY, { rows: 500 }),
      track('u1', 'Report Exported', T - DAY, { rows: '700' }),
      track('u1', 'Report Exported', T - HOUR, { rows: 800 }),
      page('u1', T - DAY, { path: '/pricing' }),
      page('u1', T - 2 * DAY, { path: '/pricing' }),
      page('u1', T - 3 * DAY, { path: '/pricing' }),
      track(anon('a1'), 'Feature Used', T - 5 * DAY, { feature: 'x' }),
      track('u2', 'Feature Used', T - DAY, { feature: 1 }),
      track('u2', 'Feature Used', T - 2 * DAY, { feature: '1' }),
      identify('u3', T - DAY),
    ],
    links: [link('a1', 'u1', T - 4 * DAY)],
    traits: [
      userTrait('u1', 'company_size', 50, null),
      userTrait('u1', 'company_size', 150, T - 3 * DAY),
      userTrait('u2', 'company_size', '200', null),
    ],
  }),
  asOf: [T, T - 4 * DAY - 12 * HOUR],
  expect: [
    {
      entityId: 'u1',
      asOf: T,
      score: 65,
      tier: 'hot',
      handRaiser: false,
      signals: { exported: { holds: true, value: 1300 }, breadth: { holds: false, value: 1 } },
    },
    { entityId: 'u2', asOf: T, score: 0, handRaiser: true, signals: { breadth: { holds: true, value: 2 } } },
    { entityId: 'u3', asOf: T, score: 0, signals: { seen: { holds: false, value: null } } },
    { entityId: 'a1', asOf: T, present: false },
    { entityId: 'a1', asOf: T - 4 * DAY - 12 * HOUR, signals: { breadth: { holds: false, value: 1 } } },
  ],
};

const accounts: Fixture = {
  name: 'smoke: accounts and domain accounts',
  definition: def({
    entity: 'account',
    signals: {
      dashboards: ev('Dashboard Created', { within: '7d' }),
      team: agg({ distinct: 'user', within: '7d', atLeast: 3 }),
      plan: trait('plan', isIn(['team', 'business'])),
    },
    points: { dashboards: 10, team: 25, plan: 5 },
    tiers: { low: 0, high: 30 },
  }),
  dataset: data({
    events: [
      track('u1', 'Dashboard Created', T - 3 * DAY),
      track('u2', 'Dashboard Created', T - 2 * DAY, {}, { groupId: 'acme' }),
      track('u3', 'Dashboard Created', T - DAY, {}, { groupId: 'acme' }),
      track('u5', 'Dashboard Created', T - DAY),
      track('u6', 'Dashboard Created', T - DAY),
    ],
    memberships: [
      member('u1', 'acme', T - 10 * DAY),
      member('u2', 'acme', T - DAY),
      member('u4', 'beta', T - DAY),
    ],
    traits: [
      userTrait('u5', 'email', 'bob@Acme-Widgets.IO', null),
      userTrait('u6', 'email', 'x@gmail.com', null),
      userTrait('u1', 'email', 'a@corp.example', null),
      accountTrait('acme', 'plan', 'team', null),
      accountTrait('gamma', 'plan', 'enterprise', null),
    ],
  }),
  options: { domainAccounts: true },
  asOf: [T, T - 5 * DAY],
  expect: [
    { entityId: 'acme', asOf: T, score: 40, tier: 'high', signals: { team: { holds: true, value: 3 } } },
    {
      entityId: 'domain:acme-widgets.io',
      asOf: T,
      score: 10,
      signals: { dashboards: { holds: true, value: 1 } },
    },
    { entityId: 'beta', asOf: T, score: 0 },
    { entityId: 'gamma', asOf: T, score: 0, signals: { plan: { holds: false, value: 'enterprise' } } },
    { entityId: 'domain:gmail.com', asOf: T, present: false },
    { entityId: 'domain:corp.example', asOf: T, present: false },
    { entityId: 'beta', asOf: T - 5 * DAY, present: false },
  ],
};

/** Quotes, backslashes, comment markers, placeholders and non-ASCII in every user-supplied slot. */
const HOSTILE = `it's "q" \\ $1 $$ ? %s -- /* */ ; DROP TABLE events; — ünï 😀`;
const hostileKey = `we"ird'key\\ $.x`;
const INNER = "in'ner";
const PREFIX = "pref'ix";
const SUBSTR = 'sub"str';

const adversarial: Fixture = {
  name: `smoke: adversarial ${HOSTILE}`,
  definition: def({
    signals: {
      [`${HOSTILE}.count`]: ev(HOSTILE, {
        where: [{ path: [hostileKey, INNER], comparison: isIn([HOSTILE, 7]) }],
      }),
      [PREFIX]: ev(null, { where: [{ path: ['path'], comparison: startsWith("/it's") }] }),
      [SUBSTR]: ev(null, { where: [{ path: ['path'], comparison: contains('%_') }] }),
      [`trait ${HOSTILE}`]: trait(`key ${HOSTILE}`, notIn([HOSTILE])),
      plain_trait: trait(`key ${HOSTILE}`, { op: 'eq', value: HOSTILE }),
      [`x${HOSTILE}`]: all([`${HOSTILE}.count`, PREFIX]),
    },
    gates: { [`gate ${HOSTILE}`]: `x${HOSTILE}` },
    points: { [`${HOSTILE}.count`]: 40, [SUBSTR]: 5, plain_trait: 7 },
    tiers: { [`tier ${HOSTILE}`]: 10 },
  }),
  dataset: data({
    events: [
      track(`user ${HOSTILE}`, HOSTILE, T - DAY, { [hostileKey]: { [INNER]: HOSTILE }, path: "/it's%_" }),
      track(`user ${HOSTILE}`, HOSTILE, T - DAY, { [hostileKey]: { [INNER]: 7 } }),
      track(`user ${HOSTILE}`, HOSTILE, T - DAY, { [hostileKey]: { [INNER]: '7' } }),
      track('plain', HOSTILE, T - DAY, { [hostileKey]: [HOSTILE] }),
    ],
    traits: [
      userTrait(`user ${HOSTILE}`, `key ${HOSTILE}`, HOSTILE, null),
      userTrait('plain', `key ${HOSTILE}`, ['list', HOSTILE], null),
    ],
  }),
  asOf: [T],
  expect: [
    {
      entityId: `user ${HOSTILE}`,
      asOf: T,
      score: 52,
      tier: `tier ${HOSTILE}`,
      gates: { [`gate ${HOSTILE}`]: true },
      signals: {
        [`${HOSTILE}.count`]: { holds: true, value: 2 },
        [`trait ${HOSTILE}`]: { holds: false, value: HOSTILE },
        plain_trait: { holds: true, value: HOSTILE },
      },
    },
    {
      entityId: 'plain',
      asOf: T,
      score: 0,
      signals: { [`trait ${HOSTILE}`]: { holds: true, value: JSON.stringify(['list', HOSTILE]) } },
    },
  ],
};

export const smokeFixtures: readonly Fixture[] = [userScoring, accounts, adversarial];
