/**
 * A backtest's replay gives the same history on PostgreSQL as on the embedded DuckDB store: the
 * same generated demo rows in a fresh database of each back end, the demo definition replayed day
 * by day (DuckDB's one series query; PostgreSQL's one query per as-of), the same qualifications,
 * downgrades, tier counts per day and first-seen times, and the same won outcomes. On DuckDB the
 * point-by-point replay also equals the series query row for row.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wonTimes } from '../../src/backtest/backtest.ts';
import { type Replay, replayGrid, replayHistory } from '../../src/backtest/replay-days.ts';
import { scoreSeriesByPoints } from '../../src/backtest/score-series-by-points.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { DEMO_DEFINITION_FILE } from '../../src/demo/demo-workspace.ts';
import type { SqlDatabase } from '../../src/lib/sql-client.ts';
import { driverOnClient } from '../../src/sql/drivers/client-driver.ts';
import { scoreSeries } from '../../src/sql/series/score-series.ts';
import { describeEachBackend, openDuckDbTestDatabase, type TestDatabase } from '../support/backends.ts';
import { demoStoreRows, insertStoreRows } from '../support/insert-store-rows.ts';

const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 2);
const DEMO = demoStoreRows({ users: 150, accounts: 20, days: 40, seed: 5, endAt: END });
// Two wins of our own: twenty demo accounts may have none.
const WON = [...new Set((DEMO.memberships ?? []).map((m) => m.groupId))].slice(0, 2);
const ROWS = {
  ...DEMO,
  outcomes: [
    ...(DEMO.outcomes ?? []),
    ...WON.map((entityId, i) => ({
      entityType: 'account' as const,
      entityId,
      type: 'won' as const,
      amount: 1000,
      owner: null,
      timestamp: END - (5 + i) * DAY,
      source: 'test',
    })),
  ],
};
const IR = (() => {
  const loaded = loadDefinition(readFileSync(DEMO_DEFINITION_FILE, 'utf8'), DEMO_DEFINITION_FILE);
  if (loaded.ir === null) throw new Error('the demo definition does not load');
  return loaded.ir;
})();
const PERIOD = {
  workspaceId: 'default',
  from: END - 20 * DAY,
  to: END - DAY,
  stepMs: DAY,
  cooldownMs: 7 * DAY,
};

async function replay(database: SqlDatabase) {
  const replayed = await replayHistory(database, IR, PERIOD);
  if (!replayed.ok) throw new Error(`${replayed.error.code}: ${replayed.error.message}`);
  const { elapsedMs: _, ...history } = replayed.value;
  const wins = await wonTimes(database.client, 'default', 'account');
  return { history, wins };
}

let expected: { history: Omit<Replay, 'elapsedMs'>; wins: Map<string, number[]> };

beforeAll(async () => {
  const duckdb = await openDuckDbTestDatabase();
  try {
    await insertStoreRows(duckdb.database.client, 'default', ROWS);
    expected = await replay(duckdb.database);
  } finally {
    await duckdb.close();
  }
}, 120_000);

it('replays a history worth comparing: qualifications at several tiers, and wins', () => {
  const qualified = expected.history.qualifications.filter((q) => q.kind === 'qualified');
  expect(qualified.length).toBeGreaterThan(2);
  expect(new Set(qualified.map((q) => q.tier)).size).toBeGreaterThan(1);
  expect(expected.wins.size).toBeGreaterThan(0);
});

it('scores the grid point by point as the series query does, row for row (DuckDB)', async () => {
  const duckdb = await openDuckDbTestDatabase();
  try {
    await insertStoreRows(duckdb.database.client, 'default', ROWS);
    const driver = driverOnClient(duckdb.database.client);
    // Six points: each point of the point-by-point side is a whole scoring query.
    const input = { grid: replayGrid(END - 5 * DAY, END - DAY, DAY), workspaceId: 'default' };
    const series = await scoreSeries(driver, IR, { ...input, rows: 'changes' });
    const points = await scoreSeriesByPoints(driver, IR, input);
    if (!series.ok || !points.ok) throw new Error('a grid did not compile');
    expect(points.value.length).toBeGreaterThan(5);
    expect(points.value).toEqual(series.value);
  } finally {
    await duckdb.close();
  }
}, 120_000);

describeEachBackend('backtest replay', (open) => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await open();
    await insertStoreRows(db.database.client, 'default', ROWS);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('replays the same qualifications, tier counts and first-seen times, and reads the same wins', async () => {
    if (db === undefined) throw new Error('no database');
    expect(await replay(db.database)).toEqual(expected);
  }, 120_000);
});
