/**
 * The funnel report on hand-checked rows written straight into a store (days are 2025-01-01 + n,
 * the period is days 0–13): see the comments for what each row contributes.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatFunnel } from '../../src/report/funnel-format.ts';
import { funnelReport, funnelScope } from '../../src/report/funnel-report.ts';
import { day, type FixtureStore, openFixtureStore } from './fixture-store.ts';

let fx: FixtureStore;
const H = 3_600_000;
const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function qualify(
  id: string,
  entity: string,
  version: string,
  shadow: boolean,
  at: number,
  score: number,
  tier: string,
  signals: string[],
  slaDue: number | null,
) {
  const receipt = JSON.stringify({
    signals: [...signals.map((name) => ({ name, holds: true })), { name: 'other', holds: false }],
  });
  await fx.run(
    `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type, entity_id, kind,
       as_of, created_at, score, tier, hand_raiser, receipt, status, sla_due_at)
     VALUES ($1, 'default', 'demo', $2, $3, 'account', $4, 'qualified', $5::TIMESTAMP, $5::TIMESTAMP, $6, $7, FALSE, $8, 'alerted', $9::TIMESTAMP)`,
    [id, version, shadow, entity, ts(at), score, tier, receipt, slaDue === null ? null : ts(slaDue)],
  );
}

async function lead(entity: string, contactedAt: number) {
  await fx.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, score, status, contacted_at, opened_at, updated_at)
     VALUES ('default', 'account', $1, 'q', 0, 'contacted', $2::TIMESTAMP, $2::TIMESTAMP, $2::TIMESTAMP)`,
    [entity, ts(contactedAt)],
  );
}

beforeAll(async () => {
  fx = await openFixtureStore();
  await fx.track('u1', 'Used', day(1), 'g1'); // signups: g1, g2, g3; g4 was seen before the period
  await fx.track('u2', 'Used', day(2), 'g2');
  await fx.track('u3', 'Used', day(3), 'g3');
  await fx.track('u4', 'Used', day(-10), 'g4');
  await qualify('q1', 'g1', 'v1', false, day(2), 60, 'hot', ['pricing'], day(2) + 4 * H);
  await qualify('q2', 'g2', 'v1', false, day(3), 30, 'warm', ['pricing', 'team'], day(3) + 24 * H);
  await qualify('q3', 'g1', 'v1', false, day(5), 80, 'burning', ['pricing'], null); // a second one: not a new PQL
  await qualify('q4', 'g4', 'v1', false, day(9), 80, 'hot', ['team'], null);
  await qualify('s1', 'g1', 'v2', true, day(2), 55, 'hot', ['pricing'], null);
  await qualify('s2', 'g3', 'v2', true, day(4), 30, 'warm', ['team'], null);
  await lead('g1', day(2) + 2 * H); // within its 4 h SLA
  await lead('g2', day(5)); // 48 h after, past its 24 h SLA
  await fx.outcome('account', 'g1', 'opportunity', day(6), 12_000); // the pipeline
  await fx.outcome('account', 'g1', 'won', day(10), 10_000); // 8 days after qualifying, 4 after the opportunity
  await fx.outcome('account', 'g2', 'lost', day(8));
  await fx.outcome('account', 'g4', 'won', day(8)); // before its qualification: not credited
  await fx.outcome('account', 'g3', 'won', day(12)); // a non-PQL signup that won
  await fx.outcome('account', 'ghost', 'won', day(5)); // never seen: unmatched
});
afterAll(async () => {
  await fx.close();
});

test('totals: PQLs, PQL rate of signups, SLA, first touch, conversion and time to close', async () => {
  const { report } = await funnelReport(fx.store.database.client, {
    workspaceId: 'default',
    from: day(0),
    to: day(14),
    entityType: 'account',
  });
  expect(report.totals).toEqual({
    qualifications: 4,
    pqls: 3,
    contacted: 2, // g1 by its lead 2 h after, g2 by its lead 48 h after; g4 never
    withSla: 2,
    contactedWithinSla: 1,
    opportunities: 1,
    won: 1,
    lost: 1, // g2
    contactRate: 200 / 3,
    contactedWithinSlaShare: 50,
    opportunityRate: 100 / 3,
    wonRate: 100 / 3,
    lostRate: 100 / 3,
    pipeline: 12_000,
    wonRevenue: 10_000,
    medianHoursToContact: 25,
    medianDaysToOpportunity: 4,
    medianDaysToWon: 8,
    medianDaysOpportunityToWon: 4,
    signups: 3,
    pqlRateOfSignups: 200 / 3,
    medianHoursToFirstTouch: 25,
    medianDaysToClose: 8,
  });
  // Two of three signups became PQLs: far above the healthy 5–15 %.
  expect(report.warnings.map((w) => [w.code, w.week])).toEqual([['pql-rate-above-healthy-range', null]]);
  expect(report.warnings[0]?.message).toContain('the bar is too low');
  expect(
    report.byVersionAndTier.map((row) => [row.version, row.tier, row.pqls, row.won, row.wonRevenue]),
  ).toEqual([
    ['v1', 'hot', 2, 1, 10_000],
    ['v1', 'warm', 1, 0, 0],
  ]);
  expect(report.weeks.map((w) => [w.week, w.byTier, w.signups])).toEqual([
    ['2024-12-30', { hot: 1, warm: 1 }, 3],
    ['2025-01-06', { burning: 1, hot: 1 }, 0],
    ['2025-01-13', {}, 0],
  ]);
  expect(report.baseline.pql).toMatchObject({ pqls: 2, won: 1, wonRate: 50 });
  expect(report.baseline.nonPql).toMatchObject({ pqls: 1, won: 1, wonRate: 100 });
  expect(report.bySignal.map((s) => [s.signal, s.pqls, s.won])).toEqual([
    ['pricing', 2, 1],
    ['team', 2, 0],
  ]);
  expect(report.byScoreBand.map((b) => [b.band, b.pqls])).toEqual([
    ['75+', 1],
    ['50–74', 1],
    ['25–49', 1],
  ]);
  expect(report.byVersion).toMatchObject([
    { version: 'v1', pqls: 3, opportunities: 1, won: 1, opportunityRate: 100 / 3, wonRate: 100 / 3 },
  ]);
  expect(report.unmatchedOutcomes).toEqual({ count: 1, byType: { won: 1 }, entities: ['ghost'] });
});

test('--compare-shadow: counts per tier, entities only in one, overlap', async () => {
  const { shadow } = await funnelReport(fx.store.database.client, {
    workspaceId: 'default',
    from: day(0),
    to: day(14),
    entityType: 'account',
    compareShadow: true,
  });
  expect(shadow).toEqual({
    live: { version: 'v1', qualifications: 4, entities: 3, byTier: { hot: 2, warm: 1, burning: 1 } },
    shadow: { version: 'v2', qualifications: 2, entities: 2, byTier: { hot: 1, warm: 1 } },
    both: 1,
    onlyLive: ['g2', 'g4'],
    onlyShadow: ['g3'],
  });
});

test('the table and HTML outputs carry the figures', async () => {
  const result = await funnelReport(fx.store.database.client, {
    workspaceId: 'default',
    from: day(0),
    to: day(14),
    entityType: 'account',
    compareShadow: true,
  });
  const table = formatFunnel(result, 'table');
  expect(table).toMatch(/contacted within SLA\s+1 of 2 \(50\.0%\)/);
  expect(table).toMatch(/Live versus shadow/);
  const html = formatFunnel(result, 'html');
  expect(html).toContain('<h2>PQL versus non-PQL signups</h2>');
  expect(html).toContain('echarts.init');
});

test('a configurable healthy PQL rate, and the workspace and span a report defaults to', async () => {
  const { report } = await funnelReport(fx.store.database.client, {
    workspaceId: 'default',
    from: day(0),
    to: day(14),
    entityType: 'account',
    healthyPqlRate: { min: 50, max: 70 },
  });
  expect(report.warnings).toEqual([]);
  expect(report.healthyPqlRate).toEqual({ min: 50, max: 70 });
  // The preferred workspace holds nothing: the one with data, over the span of its data.
  expect(await funnelScope(fx.store.database.client, 'empty')).toEqual({
    workspaceId: 'default',
    from: day(-10),
    to: day(12) + 1,
  });
  expect(await funnelScope(fx.store.database.client, 'default', 'other')).toBeNull();
});
