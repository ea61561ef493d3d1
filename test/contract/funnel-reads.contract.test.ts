/**
 * The funnel report's reads (src/report/funnel-data.ts, funnelScope) on a small set of events,
 * traits, memberships, qualifications, leads and outcomes written with SQL: the same facts and the
 * same figures on every back end. Days are 2025-01-01 + n; the period is days 0–13.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { readFunnelData } from '../../src/report/funnel-data.ts';
import { funnelReport, funnelScope } from '../../src/report/funnel-report.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const DAY = 86_400_000;
const H = 3_600_000;
const day = (n: number) => Date.UTC(2025, 0, 1) + n * DAY;
const PERIOD = { workspaceId: 'ws', entityType: 'account', from: day(0), to: day(14) } as const;

async function seed(db: SqlClient): Promise<void> {
  const at = db.sql.at;
  let seq = 0;
  const event = (ws: string, user: string, group: string, when: number) =>
    db.run(
      `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, group_id, ts, received_at)
       VALUES ($1, $2, $3, 'track', 'Used', $4, $5, ${at(6)}, ${at(6)})`,
      [ws, ++seq, `m${seq}`, user, group, when],
    );
  await event('ws', 'u1', 'g1', day(1)); // signups g1, g2, g3; g4 was first seen before the period
  await event('ws', 'u2', 'g2', day(2));
  await event('ws', 'u3', 'g3', day(3));
  await event('ws', 'u4', 'g4', day(-10));
  await event('other', 'u9', 'g9', day(1)); // another workspace: never counted here
  // A dated trait is a signup (g5); a trait "since ever" (g6) is not, but g6 is a known entity.
  await db.run(
    `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source) VALUES
       ('ws', 'account', 'g5', 'plan', '"team"', ${at(1)}, 100, 'test'),
       ('ws', 'account', 'g6', 'plan', '"team"', NULL, 101, 'crm')`,
    [day(4)],
  );
  await db.run(
    `INSERT INTO memberships (workspace_id, user_key, group_id, ts, seq) VALUES ('ws', 'u7', 'g7', ${at(1)}, 102)`,
    [day(6)],
  );
  await db.run(
    `INSERT INTO identity_links (workspace_id, from_id, user_id, ts, seq) VALUES ('ws', 'alias', 'u1', ${at(1)}, 103)`,
    [day(1)],
  );
  const qualify = (q: {
    id: string;
    entity: string;
    version: string;
    shadow: boolean;
    at: number;
    score: number;
    tier: string;
    signals: string[];
    sla: number | null;
    kind?: string;
    type?: string;
  }) =>
    db.run(
      `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type, entity_id,
         kind, as_of, created_at, score, tier, hand_raiser, receipt, status, sla_due_at)
       VALUES ($1, 'ws', 'demo', $2, $3, $4, $5, $6, ${at(7)}, ${at(7)}, $8, $9, FALSE, $10, 'alerted', ${at(11)})`,
      [
        q.id,
        q.version,
        q.shadow,
        q.type ?? 'account',
        q.entity,
        q.kind ?? 'qualified',
        q.at,
        q.score,
        q.tier,
        JSON.stringify({
          signals: [...q.signals.map((name) => ({ name, holds: true })), { name: 'other', holds: false }],
        }),
        q.sla,
      ],
    );
  const v1 = { version: 'v1', shadow: false, sla: null };
  await qualify({
    ...v1,
    id: 'q1',
    entity: 'g1',
    at: day(2),
    score: 60,
    tier: 'hot',
    signals: ['pricing'],
    sla: day(2) + 4 * H,
  });
  await qualify({
    ...v1,
    id: 's1',
    entity: 'g1',
    version: 'v2',
    shadow: true,
    at: day(2),
    score: 55,
    tier: 'hot',
    signals: ['pricing'],
  });
  await qualify({
    ...v1,
    id: 'q2',
    entity: 'g2',
    at: day(3),
    score: 30,
    tier: 'warm',
    signals: ['pricing', 'team'],
    sla: day(3) + 24 * H,
  });
  await qualify({
    ...v1,
    id: 'q3',
    entity: 'g1',
    at: day(5),
    score: 80,
    tier: 'burning',
    signals: ['pricing'],
  });
  await qualify({
    ...v1,
    id: 'd1',
    entity: 'g2',
    at: day(6),
    score: 5,
    tier: 'cold',
    signals: [],
    kind: 'downgraded',
  });
  await qualify({ ...v1, id: 'q9', entity: 'g3', at: day(20), score: 70, tier: 'hot', signals: [] }); // after the period
  await qualify({
    ...v1,
    id: 'u1',
    entity: 'u1',
    at: day(2),
    score: 70,
    tier: 'hot',
    signals: [],
    type: 'user',
  });
  await db.run(
    `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, score, status, contacted_at, opened_at, updated_at)
     VALUES ('ws', 'account', 'g2', 'q2', 30, 'contacted', ${at(2)}, ${at(2)}, ${at(2)}),
            ('ws', 'account', 'g1', 'q1', 60, 'contacted', ${at(1)}, ${at(1)}, ${at(1)})`,
    [day(2) + 2 * H, day(5)],
  );
  const outcome = (entity: string, type: string, when: number, amount: number | null = null) =>
    db.run(
      `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, owner, ts, source, received_at)
       VALUES ('ws', $1, 'account', $2, $3, $4, NULL, ${at(5)}, 'test', ${at(5)})`,
      [++seq + 200, entity, type, amount, when],
    );
  await outcome('g1', 'opportunity', day(6), 12_000);
  await outcome('alias', 'won', day(6)); // an id linked to a user: known
  await outcome('g1', 'won', day(10), 10_000);
  await outcome('g2', 'lost', day(8));
  await outcome('g6', 'won', day(7)); // known through its undated trait
  await outcome('ghost', 'won', day(5)); // never seen: unmatched
  await outcome('ghost2', 'won', day(20)); // never seen, after the period
}

describeEachBackend('funnel reads', (open) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open();
    await seed(db.database.client);
  });
  afterAll(() => db.close());

  it('reads the period: qualifications, leads, every outcome, signups and unmatched outcomes', async () => {
    const data = await readFunnelData(db.database.client, PERIOD);
    expect(data.qualifications).toEqual([
      {
        id: 'q1',
        entityId: 'g1',
        definitionVersion: 'v1',
        shadow: false,
        asOf: day(2),
        score: 60,
        tier: 'hot',
        handRaiser: false,
        signals: ['pricing'],
        slaDueAt: day(2) + 4 * H,
      },
      expect.objectContaining({ id: 's1', shadow: true, definitionVersion: 'v2', slaDueAt: null }),
      expect.objectContaining({ id: 'q2', signals: ['pricing', 'team'], slaDueAt: day(3) + 24 * H }),
      expect.objectContaining({ id: 'q3', tier: 'burning', score: 80 }),
    ]);
    expect(data.leads).toEqual([
      { entityId: 'g1', contactedAt: day(2) + 2 * H, slaDueAt: null },
      { entityId: 'g2', contactedAt: day(5), slaDueAt: null },
    ]);
    expect(data.outcomes.map((o) => [o.entityId, o.type, o.at, o.amount])).toEqual([
      ['ghost', 'won', day(5), null],
      ['g1', 'opportunity', day(6), 12_000],
      ['alias', 'won', day(6), null],
      ['g6', 'won', day(7), null],
      ['g2', 'lost', day(8), null],
      ['g1', 'won', day(10), 10_000],
      ['ghost2', 'won', day(20), null],
    ]);
    expect(data.signups).toEqual([
      { entityId: 'g1', at: day(1) },
      { entityId: 'g2', at: day(2) },
      { entityId: 'g3', at: day(3) },
      { entityId: 'g5', at: day(4) },
      { entityId: 'g7', at: day(6) },
    ]);
    expect(data.unmatched).toEqual([{ entityId: 'ghost', type: 'won', at: day(5), amount: null }]);
  });

  it('gives the same figures', async () => {
    const { report, shadow } = await funnelReport(db.database.client, { ...PERIOD, compareShadow: true });
    expect(report.totals).toMatchObject({
      qualifications: 3,
      pqls: 2,
      contacted: 2,
      withSla: 2,
      contactedWithinSla: 1,
      opportunities: 1,
      won: 1,
      lost: 1,
      pipeline: 12_000,
      wonRevenue: 10_000,
      signups: 5,
      pqlRateOfSignups: 40,
    });
    expect(report.unmatchedOutcomes).toEqual({ count: 1, byType: { won: 1 }, entities: ['ghost'] });
    expect(report.weeks.map((w) => [w.week, w.byTier, w.signups])).toEqual([
      ['2024-12-30', { hot: 1, warm: 1 }, 4],
      ['2025-01-06', { burning: 1 }, 1],
      ['2025-01-13', {}, 0],
    ]);
    expect(shadow).not.toBeNull();
  });

  it('finds the workspace and span a report defaults to', async () => {
    const sql = db.database.client;
    expect(await funnelScope(sql, 'ws')).toEqual({ workspaceId: 'ws', from: day(-10), to: day(20) + 1 });
    expect(await funnelScope(sql, 'nobody')).toEqual({ workspaceId: 'ws', from: day(-10), to: day(20) + 1 });
    expect(await funnelScope(sql, 'ws', 'other')).toEqual({
      workspaceId: 'other',
      from: day(1),
      to: day(1) + 1,
    });
    expect(await funnelScope(sql, 'ws', 'nobody')).toBeNull();
  });
});
