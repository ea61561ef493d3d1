/**
 * The incremental evaluator as the real-time engine drives it, randomised: records arrive in random
 * commits (late and out-of-order timestamps included) between ascending pass times; each pass
 * rescores only what `takeAffected` names plus the entities whose `nextChangeAt` has come, and
 * between passes the state is saved unit by unit (as JSON, like the `incremental_rows` table) and
 * sometimes restored from what was saved. After every pass the scores, tiers, hand-raisers and gates
 * the engine holds must be the reference evaluator's over the records committed so far, at that time,
 * and so must every entity's receipt from the state (`describe`): the reference's `explainEntity`
 * over a fresh dataset of those records.
 * KINDLING_PROPERTY_SEED / KINDLING_INCREMENTAL_RUNS replay or widen the search.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { z } from 'zod';
import type { Dataset } from '../../src/model/dataset.ts';
import type { EntityScore } from '../../src/score/entity-score.ts';
import { explainEntity } from '../../src/score/explain/index.ts';
import { type Fact, factsOf, IncrementalScorer } from '../../src/score/incremental/index.ts';
import type { StateUnit } from '../../src/score/incremental/state-units.ts';
import { scoreAll } from '../../src/score/reference/index.ts';
import { asOf, dataset, definition, options } from './engines/property-arbitraries.ts';

const settings = z
  .object({
    KINDLING_PROPERTY_SEED: z.coerce.number().int().default(20_240_611),
    KINDLING_INCREMENTAL_RUNS: z.coerce.number().int().positive().default(500),
  })
  .parse({
    KINDLING_PROPERTY_SEED: process.env.KINDLING_PROPERTY_SEED || undefined,
    KINDLING_INCREMENTAL_RUNS: process.env.KINDLING_INCREMENTAL_RUNS || undefined,
  });

function datasetOf(facts: readonly Fact[]): Dataset {
  const pick = <K extends Fact['kind']>(kind: K) =>
    facts.filter((fact): fact is Extract<Fact, { kind: K }> => fact.kind === kind);
  return {
    events: pick('event').map((fact) => fact.event),
    links: pick('link').map((fact) => fact.link),
    memberships: pick('membership').map((fact) => fact.membership),
    traits: pick('trait').map((fact) => fact.trait),
  };
}

/** What the engine compares between passes (entity_states). */
const stateOf = (score: EntityScore) => ({
  score: score.score,
  tier: score.tier,
  handRaiser: score.handRaiser,
  gatesPass: Object.values(score.gates).every(Boolean),
});

const HOUR = 3_600_000;
const edgeOffset = fc.oneof(
  fc.integer({ min: 0, max: 48 }).map((hours) => hours * HOUR),
  fc.integer({ min: 1, max: 20 }).map((days) => days * 24 * HOUR),
);

const arrival = dataset.chain((data) => {
  const facts = factsOf(data);
  const eventTimes = data.events.map((event) => event.timestamp);
  const time =
    eventTimes.length === 0
      ? asOf
      : fc.oneof(
          asOf,
          fc.tuple(fc.constantFrom(...eventTimes), edgeOffset).map(([at, plus]) => at + plus),
        );
  return fc.record({
    times: fc.array(time, { minLength: 1, maxLength: 6 }),
    order: fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
    cuts: fc.array(fc.integer({ min: 0, max: facts.length }), { minLength: 5, maxLength: 5 }),
    restores: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  });
});

test('passes over affected and due entities, with save and restore between, hold the reference scores', () => {
  fc.assert(
    fc.property(definition, arrival, options, (ir, { order, cuts, times: rawTimes, restores }, opts) => {
      const times = [...rawTimes].sort((a, b) => a - b);
      const bounds = [...cuts.slice(0, times.length - 1).sort((a, b) => a - b), order.length];
      let scorer = new IncrementalScorer(ir, opts);
      const saved = new Map<string, string>();
      const held = new Map<string, ReturnType<typeof stateOf>>();
      const due = new Map<string, number>();
      let fed = 0;
      times.forEach((time, index) => {
        const until = Math.max(fed, bounds[index] ?? order.length);
        for (const fact of order.slice(fed, until)) scorer.add(fact);
        fed = until;
        scorer.advance(time);
        const ids = new Set(scorer.takeAffected());
        for (const [id, at] of due) if (at <= time) ids.add(id);
        for (const { score, nextChangeAt } of scorer.scoreEntities(ids, time)) {
          held.set(score.entityId, stateOf(score));
          if (nextChangeAt === null) due.delete(score.entityId);
          else due.set(score.entityId, nextChangeAt);
        }
        const data = datasetOf(order.slice(0, fed));
        const expected = scoreAll(ir, data, time, opts);
        const described = scorer.describe(
          expected.map((score) => score.entityId),
          time,
        );
        for (const score of expected) {
          const where = `${score.entityId} as of ${time} after ${fed} records`;
          expect(held.get(score.entityId), where).toEqual(stateOf(score));
          expect(described.get(score.entityId)?.receipt, `receipt of ${where}`).toEqual(
            explainEntity(ir, data, score.entityId, time, opts),
          );
        }
        for (const unit of scorer.takeChangedUnits()) saved.set(unit.id, JSON.stringify(unit.unit));
        if (restores[index] === true) {
          const units = [...saved.values()].map((text) => JSON.parse(text) as StateUnit);
          scorer = IncrementalScorer.restore(ir, opts, { horizon: scorer.horizonAt, units });
        }
      });
    }),
    { seed: settings.KINDLING_PROPERTY_SEED, numRuns: settings.KINDLING_INCREMENTAL_RUNS },
  );
}, 240_000);
