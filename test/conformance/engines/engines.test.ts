/**
 * Every conformance fixture (the feature files plus the engine smoke fixtures) on the real
 * engines: DuckDB, Postgres (server or PGlite) and ClickHouse must each return exactly what the
 * reference evaluator returns, and the smoke fixtures' hand-checked expectations must hold.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scoreAll } from '../../../src/score/reference/index.ts';
import type { Fixture } from '../fixture.ts';
import { createSqlEngines, postgresTarget } from './index.ts';
import { expectSameScores } from './same-scores.ts';
import { smokeFixtures } from './smoke-fixtures.ts';

function isFixture(value: unknown): value is Fixture {
  return typeof value === 'object' && value !== null && 'definition' in value && 'dataset' in value;
}

async function featureFixtures(): Promise<Fixture[]> {
  const folder = new URL('../features/', import.meta.url);
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

const fixtures = [...(await featureFixtures()), ...smokeFixtures];
const engines = createSqlEngines();

beforeAll(async () => {
  for (const engine of engines) await engine.setup();
});
afterAll(async () => {
  for (const engine of engines) await engine.teardown();
});

test('finds the feature fixtures and the smoke fixtures', () => {
  expect(fixtures.length).toBeGreaterThan(smokeFixtures.length);
});

for (const engine of engines) {
  const label = engine.name === 'postgres' ? `postgres (${postgresTarget})` : engine.name;
  describe(label, () => {
    for (const fixture of fixtures) {
      test(fixture.name, async () => {
        for (const asOf of fixture.asOf) {
          const actual = await engine.scoreAll(fixture, asOf);
          const expected = scoreAll(fixture.definition, fixture.dataset, asOf, fixture.options);
          expectSameScores(actual, expected, `${fixture.name} as of ${new Date(asOf).toISOString()}`);
        }
      });
    }
  });
}

describe('smoke fixtures match their hand-checked expectations on duckdb', () => {
  for (const fixture of smokeFixtures) {
    test(fixture.name, async () => {
      const duckdb = engines[0];
      if (duckdb === undefined) throw new Error('bug: no engines');
      for (const entry of fixture.expect) {
        const scores = await duckdb.scoreAll(fixture, entry.asOf);
        const found = scores.find((score) => score.entityId === entry.entityId);
        if (entry.present === false) {
          expect(found, entry.entityId).toBeUndefined();
          continue;
        }
        expect(found, entry.entityId).toMatchObject({
          ...(entry.score === undefined ? {} : { score: entry.score }),
          ...(entry.tier === undefined ? {} : { tier: entry.tier }),
          ...(entry.handRaiser === undefined ? {} : { handRaiser: entry.handRaiser }),
          ...(entry.gates === undefined ? {} : { gates: entry.gates }),
          ...(entry.signals === undefined ? {} : { signals: entry.signals }),
        });
      }
    });
  }
});
