import { describe, expect, it } from 'vitest';
import { WHY_AS_OF, whyReceipt } from '../../../test/support/why-scenario.ts';
import type { Receipt, SignalReceipt } from '../../score/explain/receipt.ts';
import { DEMO_REASON, PERSONAL_EMAIL_DEDUCTION } from '../test-support/sample-alert.ts';
import { reasonsFromReceipt, whyFromReceipt } from './reasons-from-receipt.ts';

const AS_OF = Date.parse('2024-05-08T00:00:00Z');
const DAY = 86_400_000;

function counted(
  name: string,
  label: string | null,
  value: number,
  points: number | null,
  holds: boolean,
): SignalReceipt {
  return {
    name,
    label,
    holds,
    value,
    points,
    contributed: holds && points !== null ? points : 0,
    evidence: {
      kind: 'aggregate',
      event: name === 'invites' ? 'Teammate Invited' : 'Pricing Viewed',
      aggregation: { kind: 'count' },
      value,
      withinMs: 7 * DAY,
      matched: value,
      firstAt: AS_OF - 5 * DAY,
      lastAt: AS_OF - 2 * DAY,
      atLeast: 1,
      atMost: null,
    },
    progress: null,
  };
}

const receipt = {
  definition: 'pql',
  entityType: 'user',
  entityId: 'u1',
  asOf: AS_OF,
  score: 50,
  tier: 'hot',
  handRaiser: false,
  handRaisers: [],
  gates: [],
  failingGate: null,
  signals: [
    counted('pricing', null, 3, 10, true),
    counted('invites', 'Invited teammates', 5, 30, true),
    counted('churny', null, 1, -20, true),
    counted('unheld', null, 0, 40, false),
    counted('pointless', null, 2, null, true),
  ],
  pointsTotal: 20,
  multiplierPercent: 100,
  cap: 100,
  recency: { row: null, withinMs: null, percent: 100, hasRows: false },
  lastEventAt: AS_OF - 2 * DAY,
  nextTier: null,
} satisfies Receipt;

describe('reasonsFromReceipt', () => {
  it('lists held signals with positive points, strongest first, in receipt words', () => {
    expect(reasonsFromReceipt(receipt, 5)).toEqual([
      {
        signal: 'invites',
        text: 'Invited teammates: Teammate Invited ×5 in the last 7 days, last 2 days ago',
        points: 30,
        kind: 'positive',
        label: 'Invited teammates',
        evidence: 'Teammate Invited ×5 in the last 7 days, last 2 days ago',
      },
      {
        signal: 'pricing',
        text: 'Pricing Viewed ×3 in the last 7 days, last 2 days ago',
        points: 10,
        kind: 'positive',
        label: 'Pricing Viewed',
        evidence: 'Pricing Viewed ×3 in the last 7 days, last 2 days ago',
      },
    ]);
  });

  it('stops at the limit', () => {
    expect(reasonsFromReceipt(receipt, 1).map((reason) => reason.signal)).toEqual(['invites']);
    expect(reasonsFromReceipt(receipt, 0)).toEqual([]);
  });
});

describe('whyFromReceipt on the issue-11 scenario', () => {
  it('leads a hand-raiser alert with the hand-raising behaviour and its evidence, though it earned no points', () => {
    const why = whyFromReceipt(whyReceipt('u2'), 5);
    expect(why.reasons).toEqual([DEMO_REASON]);
  });

  it('lists what took points away, with its evidence, apart from the reasons', () => {
    const receipt = whyReceipt('u1');
    expect(receipt.pointsTotal).toBe(65);
    const why = whyFromReceipt(receipt, 5);
    expect(why.reasons.map((reason) => [reason.text, reason.points])).toEqual([
      ['Seat Limit Reached ×1 in the last 30 days, last 2 days ago', 70],
      ['Invited teammates: Teammate Invited ×1 in the last 30 days, last 3 days ago', 20],
      ['Viewed the pricing page ×1 in the last 30 days, last 1 day ago', 5],
    ]);
    expect(why.deductions).toEqual([PERSONAL_EMAIL_DEDUCTION]);
    expect(JSON.stringify(why)).not.toMatch(/\$page|[✓✗]|hit_free_tier_limit\./);
    expect(WHY_AS_OF).toBe(receipt.asOf);
  });
});
