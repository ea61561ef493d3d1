/**
 * Calibration reads the same feature matrix from a PostgreSQL store as from the embedded DuckDB
 * one: the same generated demo rows are written into a fresh database of each back end, and the
 * population, every candidate signal (events, event properties, traits), the current definition's
 * own signals and scores, the setup and the counts must equal those read from DuckDB.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type CalibrationFeatureRequest,
  type CalibrationFeatures,
  calibrationFeatures,
} from '../../src/app/calibration-features.ts';
import { holdoutOrder } from '../../src/app/holdout-order.ts';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { DEMO_DEFINITION_FILE } from '../../src/demo/demo-workspace.ts';
import type { SqlDatabase } from '../../src/lib/sql-client.ts';
import type { EntityType } from '../../src/model/dataset.ts';
import { describeEachBackend, openDuckDbTestDatabase, type TestDatabase } from '../support/backends.ts';
import { demoStoreRows, insertStoreRows } from '../support/insert-store-rows.ts';

const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 2);
const ROWS = demoStoreRows({ users: 150, accounts: 20, days: 40, seed: 5, endAt: END });
const ACCOUNTS = (() => {
  const loaded = loadDefinition(readFileSync(DEMO_DEFINITION_FILE, 'utf8'), DEMO_DEFINITION_FILE);
  if (loaded.ir === null) throw new Error('the demo definition does not load');
  return loaded.ir;
})();

function request(entityType: EntityType, ir: DefinitionIR | null): CalibrationFeatureRequest {
  return {
    workspaceId: 'default',
    entityType,
    source: 'events',
    decision: { afterMs: 7 * DAY, atMs: null },
    horizonMs: null,
    label: 'opportunity',
    onlyDecided: false,
    windowsMs: [7 * DAY, 14 * DAY],
    excludeEvents: [],
    excludeTraits: [],
    minSupport: 0,
    definition: ir === null ? null : { ir, options: { domainAccounts: false }, pqlTier: null },
  };
}

const CASES = [
  { name: 'accounts with the demo definition', request: request('account', ACCOUNTS) },
  { name: 'users', request: request('user', null) },
] as const;

async function read(database: SqlDatabase, input: CalibrationFeatureRequest): Promise<CalibrationFeatures> {
  const built = await calibrationFeatures(database, input);
  if (!built.ok) throw new Error(`${built.error.code}: ${built.error.message}`);
  return built.value;
}

/** What the embedded store reads: the expectation for every back end. */
const expected = new Map<string, CalibrationFeatures>();
let expectedOrder: { values: Float64Array; missing: number } | undefined;

/** `--holdout-by created_at` over the users' rows: an ISO time from their identify traits. */
function holdout(database: SqlDatabase): Promise<{ values: Float64Array; missing: number }> {
  const ids = expected.get(CASES[1].name)?.matrix.entityIds ?? [];
  return holdoutOrder(
    database.client,
    { workspaceId: 'default', entityType: 'user', trait: 'created_at' },
    ids,
  );
}

beforeAll(async () => {
  const duckdb = await openDuckDbTestDatabase();
  try {
    await insertStoreRows(duckdb.database.client, 'default', ROWS);
    for (const c of CASES) expected.set(c.name, await read(duckdb.database, c.request));
    expectedOrder = await holdout(duckdb.database);
  } finally {
    await duckdb.close();
  }
}, 120_000);

it('reads a matrix worth comparing: many candidates of every kind, and current scores', () => {
  const accounts = expected.get(CASES[0].name);
  const users = expected.get(CASES[1].name);
  for (const built of [accounts, users]) {
    expect(built?.matrix.entityIds.length).toBeGreaterThan(10);
    const signals = (built?.matrix.features ?? []).map((f) => f.signal ?? {});
    expect(signals.filter((s) => 'trait' in s).length).toBeGreaterThan(0);
    expect(signals.filter((s) => 'where' in s || 'sum' in s).length).toBeGreaterThan(0);
    expect(signals.filter((s) => 'within' in s && !('where' in s)).length).toBeGreaterThan(5);
  }
  expect(accounts?.definitionRuns).toBeGreaterThan(1);
  expect(expectedOrder?.missing).toBeLessThan(expectedOrder?.values.length ?? 0);
  expect(accounts?.matrix.current?.scores.some((score) => score > 0)).toBe(true);
});

describeEachBackend('calibration features', (open) => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await open();
    await insertStoreRows(db.database.client, 'default', ROWS);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(CASES.map((c) => [c.name, c.request] as const))(
    '%s equal the embedded store’s, column by column',
    async (name, input) => {
      if (db === undefined) throw new Error('no database');
      const built = await read(db.database, input);
      const want = expected.get(name);
      expect(built.matrix.entityIds).toEqual(want?.matrix.entityIds);
      expect(built.matrix.features.map((f) => f.name)).toEqual(want?.matrix.features.map((f) => f.name));
      expect(built).toEqual(want);
    },
    120_000,
  );

  it('orders a holdout by a trait the same way', async () => {
    if (db === undefined) throw new Error('no database');
    expect(await holdout(db.database)).toEqual(expectedOrder);
  });

  it('leaves no temporary table behind, so a second read gives the same matrix', async () => {
    if (db === undefined) throw new Error('no database');
    const users = CASES[1];
    expect(await read(db.database, users.request)).toEqual(expected.get(users.name));
  }, 120_000);
});
