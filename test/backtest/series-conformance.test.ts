/**
 * The series query (src/sql/series/) against the oracle: for every conformance fixture and a grid
 * through each of its times (steps of a day, an hour, an odd 37 minutes or a week), every
 * grid point must give exactly the reference evaluator's scores; and the `changes` rows must be
 * exactly the first row and the tier/hand-raiser changes of the `all` rows. Plus random
 * definitions and datasets, as in test/conformance/property.test.ts.
 */
import { readdir } from 'node:fs/promises';
import fc from 'fast-check';
import { DOMAINS } from 'free-email-domains-list/build/src/constants.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../../src/model/dataset.ts';
import type { EntityScore } from '../../src/score/entity-score.ts';
import { scoreAll } from '../../src/score/reference/index.ts';
import type { SqlDriver } from '../../src/sql/driver.ts';
import { createDuckDbDriver } from '../../src/sql/drivers/duckdb-driver.ts';
import { loadDataset, loadFreeEmailDomains } from '../../src/sql/load-dataset.ts';
import type { SeriesGrid } from '../../src/sql/series/compile-series-query.ts';
import { type SeriesRow, scoreSeries } from '../../src/sql/series/score-series.ts';
import { asOf, dataset, definition, options } from '../conformance/engines/property-arbitraries.ts';
import { expectSameScores } from '../conformance/engines/same-scores.ts';
import { smokeFixtures } from '../conformance/engines/smoke-fixtures.ts';
import type { Fixture } from '../conformance/fixture.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function isFixture(value: unknown): value is Fixture {
  return typeof value === 'object' && value !== null && 'definition' in value && 'dataset' in value;
}

async function featureFixtures(): Promise<Fixture[]> {
  const folder = new URL('../conformance/features/', import.meta.url);
  const files = (await readdir(folder)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  const fixtures: Fixture[] = [];
  for (const file of files.sort()) {
    const module: Record<string, unknown> = await import(new URL(file, folder).href);
    for (const value of Object.values(module)) {
      if (Array.isArray(value)) fixtures.push(...value.filter(isFixture));
    }
  }
  return fixtures;
}

const settings = z
  .object({
    KINDLING_PROPERTY_SEED: z.coerce.number().int().default(20_240_601),
    KINDLING_PROPERTY_RUNS: z.coerce.number().int().positive().default(60),
  })
  .parse({
    KINDLING_PROPERTY_SEED: process.env.KINDLING_PROPERTY_SEED || undefined,
    KINDLING_PROPERTY_RUNS: process.env.KINDLING_PROPERTY_RUNS || undefined,
  });

const fixtures = [...(await featureFixtures()), ...smokeFixtures];
let driver: SqlDriver;
let workspaces = 0;

beforeAll(async () => {
  driver = await createDuckDbDriver();
  await loadFreeEmailDomains(driver, DOMAINS);
});
afterAll(async () => {
  await driver.close();
});

async function load(data: Dataset): Promise<string> {
  workspaces += 1;
  const workspaceId = `ws-${workspaces}`;
  await loadDataset(driver, workspaceId, data);
  return workspaceId;
}

/** A grid through `time` (a grid point, with points before and after it); the step varies by `index`. */
function gridThrough(time: number, index: number): SeriesGrid {
  const grids: SeriesGrid[] = [
    { startMs: time - 10 * DAY, stepMs: DAY, count: 14 },
    { startMs: time - 30 * HOUR, stepMs: HOUR, count: 40 },
    { startMs: time - 50 * 37 * MINUTE, stepMs: 37 * MINUTE, count: 60 },
    { startMs: time - 3 * 7 * DAY, stepMs: 7 * DAY, count: 5 },
  ];
  const grid = grids[index % grids.length];
  if (grid === undefined) throw new Error('bug: no grid');
  return grid;
}

async function checkGrid(
  ir: DefinitionIR,
  data: Dataset,
  opts: EvaluationOptions | undefined,
  workspaceId: string,
  grid: SeriesGrid,
  label: string,
): Promise<void> {
  const base = { grid, workspaceId, ...(opts === undefined ? {} : { options: opts }) };
  const allRows = await scoreSeries(driver, ir, { ...base, rows: 'all' });
  if (!allRows.ok) throw new Error(allRows.error.message);
  const byJ = new Map<number, EntityScore[]>();
  for (const row of allRows.value) byJ.set(row.j, [...(byJ.get(row.j) ?? []), row.score]);
  for (let j = 0; j < grid.count; j++) {
    const at = grid.startMs + j * grid.stepMs;
    expectSameScores(
      byJ.get(j) ?? [],
      scoreAll(ir, data, at, opts),
      `${label} as of ${new Date(at).toISOString()}`,
    );
  }
  const changes = await scoreSeries(driver, ir, { ...base, rows: 'changes' });
  if (!changes.ok) throw new Error(changes.error.message);
  expect(changes.value.map(key), `${label}: changes`).toEqual(
    expectedChanges(allRows.value, grid.count).map(key),
  );
}

const key = (row: SeriesRow): string =>
  JSON.stringify([row.j, row.score.entityId, row.score.tier, row.score.handRaiser, row.previous, row.nextJ]);

function expectedChanges(rows: readonly SeriesRow[], count: number): SeriesRow[] {
  const byEntity = new Map<string, SeriesRow[]>();
  for (const row of rows)
    byEntity.set(row.score.entityId, [...(byEntity.get(row.score.entityId) ?? []), row]);
  const kept: SeriesRow[] = [];
  for (const row of rows) {
    const own = byEntity.get(row.score.entityId) ?? [];
    const at = own.indexOf(row);
    const before = own[at - 1];
    const nextJ = own[at + 1]?.j ?? null;
    const previous =
      before === undefined
        ? null
        : { j: before.j, tier: before.score.tier, handRaiser: before.score.handRaiser };
    const stops = nextJ === null ? row.j < count - 1 : nextJ > row.j + 1;
    if (
      previous === null ||
      previous.tier !== row.score.tier ||
      previous.handRaiser !== row.score.handRaiser ||
      stops
    )
      kept.push({ ...row, previous, nextJ });
  }
  return kept;
}

describe('series scores equal the reference at every grid point', () => {
  for (const fixture of fixtures) {
    test(fixture.name, async () => {
      const workspaceId = await load(fixture.dataset);
      for (const [index, time] of fixture.asOf.entries()) {
        const grid = gridThrough(time, index);
        const label = `${fixture.name} step ${grid.stepMs / MINUTE} min`;
        await checkGrid(fixture.definition, fixture.dataset, fixture.options, workspaceId, grid, label);
      }
    });
  }
});

test('random definitions and datasets: series scores equal the reference', async () => {
  await fc.assert(
    fc.asyncProperty(
      definition,
      dataset,
      asOf,
      fc.constantFrom(HOUR, 6 * HOUR, DAY, 37 * MINUTE),
      options,
      async (ir, data, start, step, opts) => {
        const workspaceId = await load(data);
        await checkGrid(
          ir,
          data,
          opts,
          workspaceId,
          { startMs: start - 10 * step, stepMs: step, count: 30 },
          'random',
        );
      },
    ),
    { seed: settings.KINDLING_PROPERTY_SEED, numRuns: settings.KINDLING_PROPERTY_RUNS },
  );
}, 600_000);
