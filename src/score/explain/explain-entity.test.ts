import { describe, expect, test } from 'vitest';
import {
  agg,
  DAY,
  data,
  day,
  def,
  ev,
  gte,
  isIn,
  not,
  page,
  track,
  trait,
  userTrait,
} from '../../../test/conformance/build.ts';
import { explainEntity } from './explain-entity.ts';
import { renderReceipt } from './render-receipt.ts';

const A = day(20);
const definition = def({
  name: 'team-plan-pql',
  signals: {
    invited: ev('Teammate Invited', { within: '14d', atLeast: 2 }),
    pricing: ev('$page', {
      where: { path: '/pricing' },
      within: '7d',
      atLeast: 3,
      label: 'Viewed pricing 3+ times this week',
    }),
    seat: ev('Seat Limit Reached', { within: '14d', label: 'Hit the seat limit' }),
    personal: trait('email_domain', isIn(['gmail.com'])),
    fit: not('personal'),
    demo: ev('Demo Requested', { within: '30d' }),
  },
  gates: { fit: 'fit' },
  points: { invited: 25, pricing: 15, seat: 30, personal: -20 },
  recency: [
    ['7d', 100],
    ['30d', 50],
    [null, 10],
  ],
  handRaisers: ['demo'],
  tiers: { cold: 0, warm: 26, hot: 51, burning: 76 },
});
const dataset = data({
  events: [
    track('u1', 'Teammate Invited', A - 10 * DAY),
    track('u1', 'Teammate Invited', A - 5 * DAY),
    track('u1', 'Teammate Invited', A - 2 * DAY),
    page('u1', A - 3 * DAY, { path: '/pricing' }),
    page('u1', A - DAY, { path: '/pricing' }),
    page('u1', A - DAY, { path: '/docs' }),
    track('u2', 'Seat Limit Reached', A - 20 * DAY),
    track('u2', 'Demo Requested', A - 20 * DAY),
  ],
  traits: [
    userTrait('u1', 'email_domain', 'acme.com', null),
    userTrait('u2', 'email_domain', 'gmail.com', null),
  ],
});

describe('explainEntity', () => {
  test('gives evidence, points and what is missing for the next tier', () => {
    const receipt = explainEntity(definition, dataset, 'u1', A);
    expect(receipt).not.toBeNull();
    if (receipt === null) return;
    expect(receipt).toMatchObject({ score: 25, tier: 'cold', pointsTotal: 25, multiplierPercent: 100 });
    expect(receipt.recency).toEqual({ row: 0, withinMs: 7 * DAY, percent: 100, hasRows: true });
    const invited = receipt.signals.find((signal) => signal.name === 'invited');
    expect(invited).toMatchObject({ holds: true, contributed: 25, progress: null });
    expect(invited?.evidence).toMatchObject({
      matched: 3,
      firstAt: A - 10 * DAY,
      lastAt: A - 2 * DAY,
      withinMs: 14 * DAY,
    });
    const pricing = receipt.signals.find((signal) => signal.name === 'pricing');
    expect(pricing).toMatchObject({ holds: false, contributed: 0, progress: { have: 2, need: 3 } });
    // floor((26 × 100 + 50) / 100) = 26 ≥ 26: one more point reaches warm.
    expect(receipt.nextTier).toEqual({
      name: 'warm',
      min: 26,
      scoreGap: 1,
      pointsNeeded: 1,
      blockedBy: [],
      candidates: [
        { signal: 'seat', points: 30 },
        { signal: 'pricing', points: 15 },
      ],
    });
  });

  test('names the failing gate, keeps the hand-raiser, and scales the points needed by the multiplier', () => {
    const receipt = explainEntity(definition, dataset, 'u2', A);
    expect(receipt).toMatchObject({
      score: 0,
      pointsTotal: -20,
      failingGate: 'fit',
      handRaiser: true,
      handRaisers: ['demo'],
      multiplierPercent: 50,
    });
    // At ×0.5, warm (26) needs a total of ceil((2600 − 50) / 50) = 51, from −20; and the gate.
    expect(receipt?.nextTier).toMatchObject({ name: 'warm', pointsNeeded: 71, blockedBy: ['fit'] });
  });

  test('returns null for an entity that does not exist as of the time', () => {
    const later = data({ events: [track('u3', 'Signed Up', A)] });
    expect(explainEntity(definition, later, 'u3', A - 1)).toBeNull();
    expect(explainEntity(definition, later, 'u3', A)).not.toBeNull();
    expect(explainEntity(definition, dataset, 'nobody', A)).toBeNull();
  });
});

describe('renderReceipt', () => {
  test('reads like a sentence a salesperson can act on', () => {
    const receipt = explainEntity(definition, dataset, 'u1', A);
    if (receipt === null) throw new Error('u1 exists');
    const text = renderReceipt(receipt, A);
    expect(text).toContain('user u1: score 25 (cold) as of 2024-03-21 00:00 UTC [team-plan-pql]');
    expect(text).toContain('+25  Teammate Invited ×3 in the last 14 days, last 2 days ago');
    expect(text).toContain(
      '+15  Viewed pricing 3+ times this week: viewed the pricing page 2 of 3 times in the last 7 days, last 1 day ago',
    );
    expect(text).toContain('+30  Hit the seat limit: Seat Limit Reached 0 of 1 time in the last 14 days');
    expect(text).toContain('Recency: last active 1 day ago (within 7 days) → ×1');
    expect(text).toContain('Next tier: warm at 26, needs 1 more point.');
    expect(text).not.toContain('Not a PQL');
  });

  test('words distinct counts, sums and trait misses', () => {
    const team = def({
      entity: 'account',
      signals: {
        people: agg({ distinct: 'user', within: '14d', atLeast: 3, label: '3+ active users' }),
        rows: agg({ event: 'Report Exported', sum: 'rows' }),
        days: agg({ distinct: 'day', within: '30d', atLeast: 5 }),
        big: trait('size', gte(100)),
      },
      points: { people: 25, rows: 5, days: 10, big: 10 },
    });
    const acme = { groupId: 'acme' };
    const events = data({
      events: [
        track('u1', 'Report Exported', A - DAY, { rows: 250.5 }, acme),
        track('u2', 'Report Exported', A - 2 * DAY, { rows: '1000' }, acme),
      ],
    });
    const receipt = explainEntity(team, events, 'acme', A);
    if (receipt === null) throw new Error('acme exists');
    const text = renderReceipt(receipt, A);
    expect(text).toContain('+25  3+ active users: 2 of 3 users active in the last 14 days, last 1 day ago');
    expect(text).toContain('+5  rows totals 250.5 over Report Exported so far, last 1 day ago');
    expect(text).toContain('+10  active on 2 of 5 days in the last 30 days, last 1 day ago');
    expect(text).toContain('+10  size is not set (wanted ≥ 100)');
  });

  test('says why a gated-out entity is not a PQL, and that it raised a hand', () => {
    const receipt = explainEntity(definition, dataset, 'u2', A);
    if (receipt === null) throw new Error('u2 exists');
    const text = renderReceipt(receipt, A + 3 * DAY);
    expect(text).toContain('Raised a hand: Demo Requested');
    expect(text).toContain('Gates: fit ✗');
    expect(text).toContain('Also:\n        Demo Requested ×1 in the last 30 days, last 23 days ago');
    expect(text).toContain('Not a PQL: the fit gate does not hold.');
    expect(text).toContain('−20  email domain is "gmail.com"');
    expect(text).toContain('Recency: last active 23 days ago (within 30 days) → ×0.5');
    expect(text).toContain('Next tier: warm at 26, needs the fit gate and 71 more points.');
  });
});
