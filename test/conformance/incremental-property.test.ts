/**
 * Randomised conformance of the incremental evaluator, on its own so it can try many more cases
 * than the SQL engines: random definitions and datasets, the records in a random order, fed in
 * chunks between random ascending times. At each time the scorer must answer exactly what the
 * reference evaluator answers over the records fed so far: records dated after the time wait,
 * late records (dated before a time already asked) land where they belong.
 * KINDLING_PROPERTY_SEED / KINDLING_INCREMENTAL_RUNS replay or widen the search.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { z } from 'zod';
import type { Dataset } from '../../src/model/dataset.ts';
import { type Fact, factsOf, IncrementalScorer } from '../../src/score/incremental/index.ts';
import { scoreAll } from '../../src/score/reference/index.ts';
import { asOf, dataset, definition, options } from './engines/property-arbitraries.ts';
import { expectSameScores } from './engines/same-scores.ts';

const settings = z
  .object({
    KINDLING_PROPERTY_SEED: z.coerce.number().int().default(20_240_601),
    KINDLING_INCREMENTAL_RUNS: z.coerce.number().int().positive().default(1000),
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

const HOUR = 3_600_000;
/** Offsets that put a time exactly on a window edge of some event (windows are whole hours or days). */
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
    data: fc.constant(data),
    times: fc.array(time, { minLength: 1, maxLength: 4 }),
    order: fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
    cuts: fc.array(fc.integer({ min: 0, max: facts.length }), { minLength: 3, maxLength: 3 }),
  });
});

test('fed in any order between ascending times, the incremental scorer answers like the reference', () => {
  fc.assert(
    fc.property(definition, arrival, options, (ir, { order, cuts, times: rawTimes }, opts) => {
      const times = [...rawTimes].sort((a, b) => a - b);
      // Chunk i is fed before asking as of times[i]; the last time gets whatever is left.
      const bounds = [...cuts.slice(0, times.length - 1).sort((a, b) => a - b), order.length];
      const scorer = new IncrementalScorer(ir, opts);
      let fed = 0;
      times.forEach((time, index) => {
        const until = Math.max(fed, bounds[index] ?? order.length);
        for (const fact of order.slice(fed, until)) scorer.add(fact);
        fed = until;
        const expected = scoreAll(ir, datasetOf(order.slice(0, fed)), time, opts);
        expectSameScores(scorer.scoreAll(time), expected, `as of ${time} after ${fed} records`);
        for (const score of expected) {
          expectSameScores(
            [scorer.scoreEntity(score.entityId, time)].flatMap((s) => s ?? []),
            [score],
            score.entityId,
          );
        }
        expect(scorer.scoreEntity('nobody', time)).toBeNull();
        if (index % 2 === 1) scorer.compact();
      });
    }),
    { seed: settings.KINDLING_PROPERTY_SEED, numRuns: settings.KINDLING_INCREMENTAL_RUNS },
  );
}, 240_000);
