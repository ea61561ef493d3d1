/**
 * A data directory holding a small demo workspace, made by the same code `npm start` uses (the
 * generator, the importers, the engine's replay of history), plus what routing and delivery
 * would have added: owners and SLAs on the strongest leads, and deliveries (delivered, pending,
 * dead) of their alerts. `npm start` routes the replay with the demo definition's routing
 * (test/dashboard/demo-routing.test.ts); this fixture replays without it and writes those rows
 * itself, so the browser tests can pin exact owners, due times and delivery states.
 */
import type { Alert } from '../../src/deliver/alert.ts';
import {
  DEMO_WORKSPACE,
  ensureDemoWorkspace,
  fillDemoWorkspace,
  loadDemoDefinition,
} from '../../src/demo/demo-workspace.ts';
import { enqueueDeliveries } from '../../src/outbox/enqueue-deliveries.ts';
import { SqlOutboxStore } from '../../src/outbox/sql-outbox-store.ts';
import { replayIntoStore } from '../../src/realtime/replay.ts';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { DuckDbClient } from '../../src/store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SMALL_DEMO = { users: 300, accounts: 40, days: 21, seed: 6 };
const REPS = [
  { email: 'ada@tinderbox.example', name: 'Ada Park' },
  { email: 'ben@tinderbox.example', name: 'Ben Osei' },
];

export interface DemoFixture {
  /** Leads the fixture routed: open, owned, with an SLA still running; strongest first. */
  readonly routed: readonly { readonly entityId: string; readonly qualificationId: string }[];
  readonly deadDelivery: string;
}

export async function prepareDemoDataDir(dataDir: string, now: number): Promise<DemoFixture> {
  const store = await DuckDbStore.open(dataDir, () => now);
  const conn = await connect(store.instance);
  try {
    await ensureDemoWorkspace(store);
    await fillDemoWorkspace({
      store,
      dataDir,
      definition: loadDemoDefinition(),
      now,
      size: SMALL_DEMO,
      replay: async ({ ir, from, to }) => {
        await replayIntoStore(store, DEMO_WORKSPACE, ir, {
          from: Math.max(from, to - 14 * DAY),
          to,
          stepMs: DAY / 2,
        });
      },
    });
    const leads = (
      await conn.runAndReadAll(
        `SELECT entity_id, qualification_id, tier, score FROM leads WHERE workspace_id = $1 AND tier IN ('hot', 'burning')
         ORDER BY score DESC, entity_id LIMIT 8`,
        [DEMO_WORKSPACE],
      )
    ).getRows();
    if (leads.length < 3) throw new Error(`the small demo has only ${leads.length} hot leads`);
    const routed = leads.map(([id, qualification]) => ({
      entityId: String(id),
      qualificationId: String(qualification),
    }));
    for (const [i, lead] of routed.entries()) {
      const rep = REPS[i % REPS.length] ?? REPS[0];
      await conn.run(
        `UPDATE leads SET status = 'open', owner = $3, owner_name = $4, team = 'ae', rule = 'hot-to-ae',
           assigned_at = make_timestamp($5::BIGINT * 1000), sla_due_at = make_timestamp($6::BIGINT * 1000),
           contacted_at = NULL, breached_at = NULL
         WHERE workspace_id = $1 AND entity_id = $2`,
        [
          DEMO_WORKSPACE,
          lead.entityId,
          rep?.email ?? null,
          rep?.name ?? null,
          now - HOUR,
          now + (3 + i) * HOUR,
        ],
      );
    }
    const outbox = new SqlOutboxStore(new DuckDbClient(conn), () => now);
    let deadDelivery = '';
    for (const [i, lead] of routed.slice(0, 3).entries()) {
      const alert = sampleAlert(lead.entityId, lead.qualificationId, now);
      await enqueueDeliveries(new DuckDbClient(conn), alert, ['slack', 'webhook'], now - HOUR);
      // Outcomes are recorded by the claimant only, as the worker records them.
      const claimed = await outbox.claim(now, 1000, HOUR);
      const queued = claimed.filter((d) => d.alertId === lead.qualificationId);
      const slack = queued.find((d) => d.destination === 'slack')?.id;
      const webhook = queued.find((d) => d.destination === 'webhook')?.id;
      if (slack !== undefined) await outbox.markDelivered(slack, { status: 200, detail: 'ok' });
      if (webhook !== undefined && i === 0) {
        await outbox.markDead(webhook, { status: 400, detail: 'HTTP 400: {"error":"unknown_endpoint"}' });
        deadDelivery = webhook;
      } else if (webhook !== undefined) {
        await outbox.markDelivered(webhook, { status: 204, detail: 'no content' });
      }
      await outbox.release(claimed.map((d) => d.id));
    }
    return { routed, deadDelivery };
  } finally {
    conn.closeSync();
    await store.close();
  }
}

function sampleAlert(entityId: string, qualificationId: string, now: number): Alert {
  return {
    id: qualificationId,
    workspaceId: DEMO_WORKSPACE,
    entityType: 'account',
    entityId,
    name: null,
    company: null,
    email: null,
    score: 80,
    tier: 'burning',
    previousTier: 'hot',
    handRaiser: false,
    definition: { name: 'seed-003-accounts-demo', version: 'fixture' },
    asOf: new Date(now - HOUR).toISOString(),
    triggeringEvent: null,
    reasons: [],
    owner: null,
    nextAction: null,
    draft: { subject: 'Hello', body: 'Hello' },
    leadUrl: null,
  };
}
