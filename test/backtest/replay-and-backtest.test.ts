/**
 * Replaying and backtesting a hand-checked history (days are 2025-01-01 + n):
 * - a: three "Used" on day 2 → warm as of day 3 (qualified); the window passes them → downgraded
 *   as of day 10; three more on day 12 → warm again as of day 13, within the 14-day cooldown of
 *   the day-3 qualification at the same tier → held back; downgraded again as of day 20. Won on day 20 (within 30 days of day 3).
 * - b: "Demo Requested" on day 5 → hand-raiser as of day 6 (qualified, cold). Won on day 50:
 *   after its 30-day horizon, so not credited, but a win of the period (to + horizon = day 55).
 * - c: one "Used" on day 4, never qualifies, never won. x: a win for an entity never seen.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest.ts';
import { formatBacktest } from '../../src/backtest/backtest-format.ts';
import { replayDays, replayHistory } from '../../src/backtest/replay-days.ts';
import { DAY, day, definition, type FixtureStore, openFixtureStore, USAGE_YAML } from './fixture-store.ts';

let fx: FixtureStore;
const ir = definition(USAGE_YAML);
const period = { workspaceId: 'default', from: day(1), to: day(25), stepMs: DAY };

beforeAll(async () => {
  fx = await openFixtureStore();
  for (const hour of [9, 10, 11]) await fx.track('a', 'Used', day(2, hour));
  for (const hour of [9, 10, 11]) await fx.track('a', 'Used', day(12, hour));
  await fx.track('b', 'Demo Requested', day(5, 10));
  await fx.track('c', 'Used', day(4, 10));
  await fx.outcome('user', 'a', 'won', day(20));
  await fx.outcome('user', 'b', 'won', day(50));
  await fx.outcome('user', 'x', 'won', day(21));
});
afterAll(async () => {
  await fx.close();
});

describe('replayDays', () => {
  test('qualifies on a tier rise and a hand-raiser, records the downgrade, honours the cooldown', async () => {
    const replayed = await replayDays(fx.store.database, ir, period);
    if (!replayed.ok) throw new Error(replayed.error.message);
    expect(
      replayed.value.map((q) => [q.entityId, q.kind, new Date(q.asOf).toISOString().slice(0, 10), q.tier]),
    ).toEqual([
      ['a', 'qualified', '2025-01-04', 'warm'],
      ['b', 'qualified', '2025-01-07', 'cold'],
      ['a', 'downgraded', '2025-01-11', 'cold'],
      ['a', 'downgraded', '2025-01-21', 'cold'], // the held-back rise still ends in a downgrade
    ]);
    expect(replayed.value[1]).toMatchObject({ handRaiser: true, signals: ['demo'], previousTier: null });
  });

  test('without a cooldown the second rise of a qualifies again', async () => {
    const replayed = await replayHistory(fx.store.database, ir, { ...period, cooldownMs: 0 });
    if (!replayed.ok) throw new Error(replayed.error.message);
    const a = replayed.value.qualifications.filter((q) => q.entityId === 'a' && q.kind === 'qualified');
    expect(a.map((q) => new Date(q.asOf).toISOString().slice(0, 10))).toEqual(['2025-01-04', '2025-01-14']);
    expect(replayed.value.cooldownSkipped).toBe(0);
  });

  test('counts entities per tier at every as-of', async () => {
    const replayed = await replayHistory(fx.store.database, ir, period);
    if (!replayed.ok) throw new Error(replayed.error.message);
    const at = (n: number) => replayed.value.tierCounts[replayed.value.asOfs.indexOf(day(n))];
    expect(at(3)).toEqual({ warm: 1 });
    expect(at(6)).toEqual({ warm: 1, cold: 2 });
    expect(at(11)).toEqual({ cold: 3 });
    expect(replayed.value.cooldownSkipped).toBe(1);
  });

  test('an empty or reversed period is an error value', async () => {
    const replayed = await replayDays(fx.store.database, ir, { ...period, to: day(0) });
    expect(!replayed.ok && replayed.error.code).toBe('invalid-period');
  });
});

describe('runBacktest', () => {
  test('joins qualifications with wins inside the horizon: precision, recall, lift, share of signups', async () => {
    const report = await runBacktest(fx.store, [ir], { ...period, horizonMs: 30 * DAY });
    if (!report.ok) throw new Error(report.error.message);
    const v = report.value.versions[0];
    expect(v?.entities).toBe(3);
    expect(v?.signups).toBe(3);
    expect(v?.unmatchedWins).toBe(1);
    expect(v?.table.won).toBe(2); // a and b won in the period; b outside its horizon
    expect(v?.table.baseRate).toBeCloseTo(200 / 3, 10);
    const rows = new Map(v?.table.rows.map((row) => [row.tier, row]));
    expect(rows.get('warm')?.inTier).toEqual({
      count: 1,
      won: 1,
      shareOfSignups: 100 / 3,
      precision: 100,
      recall: 50,
      lift: 1.5,
    });
    expect(rows.get('hand-raiser only')?.inTier).toMatchObject({ count: 1, won: 0, precision: 0 });
    expect(rows.get(null)?.inTier.count).toBe(1);
  });

  test('two versions side by side, with the overlap of qualified entities', async () => {
    const strict = definition(
      USAGE_YAML.replace('name: usage', 'name: strict').replace('hand_raisers: [demo]\n', ''),
    );
    const report = await runBacktest(fx.store, [ir, strict], { ...period, horizonMs: 30 * DAY });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.versions.map((v) => [v.name, v.qualifiedEntities])).toEqual([
      ['usage', 2],
      ['strict', 1],
    ]);
    expect(report.value.overlap).toEqual({ both: 1, onlyFirst: 1, onlySecond: 0 });
    const table = formatBacktest(report.value, 'table');
    expect(table).toMatch(/^warm\s+1\s+33\.3%\s+1\s+100\.0%\s+50\.0%\s+1\.50×/m);
    expect(table).toMatch(/Qualified by both: 1; only usage \([0-9a-f]{12}\): 1; only strict/);
    const html = formatBacktest(report.value, 'html');
    expect(html).toContain('<h2>strict — version');
    expect(html).toContain('echarts.init');
    expect(JSON.parse(formatBacktest(report.value, 'json')).versions).toHaveLength(2);
  });
});
