import { describe, expect, it } from 'vitest';
import type { Receipt, SignalReceipt } from '../../score/explain/receipt.ts';
import { reasonsFromReceipt } from './reasons-from-receipt.ts';

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
      },
      { signal: 'pricing', text: 'Pricing Viewed ×3 in the last 7 days, last 2 days ago', points: 10 },
    ]);
  });

  it('stops at the limit', () => {
    expect(reasonsFromReceipt(receipt, 1).map((reason) => reason.signal)).toEqual(['invites']);
    expect(reasonsFromReceipt(receipt, 0)).toEqual([]);
  });
});
