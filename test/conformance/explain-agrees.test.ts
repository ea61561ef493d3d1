/** Every receipt, over every conformance fixture, explains exactly the score it stands for. */
import { describe, expect, test } from 'vitest';
import { explainEntity, renderReceipt } from '../../src/score/explain/index.ts';
import { scoreAll } from '../../src/score/reference/index.ts';
import { allFeatures } from './features/index.ts';

describe('receipts agree with scores', () => {
  for (const [feature, fixtures] of Object.entries(allFeatures)) {
    test(feature, () => {
      for (const fixture of fixtures) {
        for (const asOf of fixture.asOf) {
          for (const score of scoreAll(fixture.definition, fixture.dataset, asOf, fixture.options)) {
            const receipt = explainEntity(
              fixture.definition,
              fixture.dataset,
              score.entityId,
              asOf,
              fixture.options,
            );
            expect(receipt).toMatchObject({
              score: score.score,
              tier: score.tier,
              handRaiser: score.handRaiser,
              pointsTotal: score.pointsTotal,
              multiplierPercent: score.multiplierPercent,
              lastEventAt: score.lastEventAt,
            });
            if (receipt === null) continue;
            const contributed = receipt.signals.reduce((total, signal) => total + signal.contributed, 0);
            expect(contributed).toBe(score.pointsTotal);
            expect(receipt.gates.map((gate) => [gate.name, gate.held])).toEqual(Object.entries(score.gates));
            expect(renderReceipt(receipt, asOf)).toContain(`score ${score.score} `);
          }
        }
      }
    });
  }
});
