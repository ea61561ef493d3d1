/**
 * Randomised conformance: small random definitions and datasets at random times must score the
 * same on DuckDB, Postgres, ClickHouse and the incremental evaluator as on the reference
 * evaluator (incremental-property.test.ts tries the incremental one on many more cases). Bounded
 * and seeded so the suite stays fast and repeatable; fast-check prints the seed and path of a failing case, and
 * KINDLING_PROPERTY_SEED / KINDLING_PROPERTY_RUNS replay or widen the search.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, test } from 'vitest';
import { z } from 'zod';
import { scoreAll } from '../../src/score/reference/index.ts';
import { incrementalScores } from './engines/incremental.ts';
import { createSqlEngines } from './engines/index.ts';
import { asOf, dataset, definition, options } from './engines/property-arbitraries.ts';
import { expectSameScores } from './engines/same-scores.ts';
import type { Fixture } from './fixture.ts';

const settings = z
  .object({
    KINDLING_PROPERTY_SEED: z.coerce.number().int().default(20_240_601),
    KINDLING_PROPERTY_RUNS: z.coerce.number().int().positive().default(20),
  })
  .parse({
    KINDLING_PROPERTY_SEED: process.env.KINDLING_PROPERTY_SEED || undefined,
    KINDLING_PROPERTY_RUNS: process.env.KINDLING_PROPERTY_RUNS || undefined,
  });

const engines = createSqlEngines();

beforeAll(async () => {
  for (const engine of engines) await engine.setup();
});
afterAll(async () => {
  for (const engine of engines) await engine.teardown();
});

test('random definitions and datasets score identically on every engine and the reference', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      definition,
      dataset,
      fc.array(asOf, { minLength: 1, maxLength: 2 }),
      options,
      async (ir, data, times, opts) => {
        run += 1;
        const fixture: Fixture = {
          name: `random ${run}`,
          definition: ir,
          dataset: data,
          asOf: times,
          options: opts,
          expect: [],
        };
        for (const time of times) {
          const expected = scoreAll(ir, data, time, opts);
          for (const engine of engines) {
            expectSameScores(await engine.scoreAll(fixture, time), expected, `${engine.name} as of ${time}`);
          }
          for (const order of ['time', 'shuffled'] as const) {
            expectSameScores(
              incrementalScores(fixture, time, order),
              expected,
              `incremental (${order}) as of ${time}`,
            );
          }
        }
      },
    ),
    { seed: settings.KINDLING_PROPERTY_SEED, numRuns: settings.KINDLING_PROPERTY_RUNS },
  );
}, 240_000);
