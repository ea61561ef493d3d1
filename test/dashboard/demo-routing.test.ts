/**
 * The demo workspace routes (issue 11): filled the way `npm start` fills it, its leads have owners
 * from the demo's teams, SLA clocks on the London business calendar, and their alerts wait in the
 * outbox for the demo's `log` destination, which writes them into the data directory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routerFor } from '../../src/app/routing-wiring.ts';
import type { Alert } from '../../src/deliver/alert.ts';
import { createDestinations } from '../../src/deliver/destinations/index.ts';
import { DEMO_WORKSPACE, fillDemoWorkspace, loadDemoDefinition } from '../../src/demo/demo-workspace.ts';
import { replayIntoStore } from '../../src/realtime/replay.ts';
import { isOpenAt } from '../../src/route/business-clock.ts';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';
import { SMALL_DEMO } from './demo-fixture.ts';

const NOW = Date.UTC(2026, 11, 3, 15);
const DAY = 86_400_000;

describe('the demo workspace routes', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('gives demo leads owners, business-hours SLAs and deliveries to its log destination', async () => {
    const definition = loadDemoDefinition();
    const routing = definition.routing;
    if (routing === null || routing.calendar === null)
      throw new Error('the demo definition routes on a calendar');
    const store = await DuckDbStore.open(dir.path, () => NOW);
    const conn = await connect(store.instance);
    try {
      await fillDemoWorkspace({
        store,
        dataDir: dir.path,
        definition,
        now: NOW,
        size: SMALL_DEMO,
        replay: async ({ ir, routing: demoRouting, from, to }) => {
          await replayIntoStore(store, DEMO_WORKSPACE, ir, {
            from: Math.max(from, to - 14 * DAY),
            to,
            stepMs: DAY / 2,
            ...(demoRouting === null ? {} : { router: routerFor(demoRouting) }),
          });
        },
      });
      const leads = (
        await conn.runAndReadAll(
          `SELECT owner, team, rule, epoch_ms(sla_due_at), status FROM leads WHERE workspace_id = $1`,
          [DEMO_WORKSPACE],
        )
      ).getRows();
      const open = leads.filter((l) => l[4] === 'open');
      expect(open.length).toBeGreaterThan(0);
      const members = Object.values(routing.teams).flatMap((t) => t.members.map((m) => m.email));
      const owned = open.filter((l) => l[0] !== null);
      expect(owned.length).toBeGreaterThan(0);
      for (const [owner] of owned) expect(members).toContain(owner);
      const clocks = open.flatMap((l) => (l[3] === null ? [] : [Number(l[3])]));
      expect(clocks.length).toBeGreaterThan(0);
      // Due times fall inside open hours (the closing instant counts), in London or an owner's zone.
      const calendar = routing.calendar;
      for (const [owner, , , due] of open) {
        if (due === null) continue;
        const zone = Object.values(routing.teams)
          .flatMap((t) => t.members)
          .find((m) => m.email === owner)?.timezone;
        const mine = { ...calendar, timezone: zone ?? calendar.timezone };
        expect(isOpenAt(mine, Number(due) - 1)).toBe(true);
      }

      const deliveries = (
        await conn.runAndReadAll(`SELECT destination, status FROM deliveries WHERE workspace_id = $1`, [
          DEMO_WORKSPACE,
        ])
      ).getRows();
      expect(deliveries.length).toBeGreaterThan(0);
      expect(new Set(deliveries.map((d) => String(d[0])))).toEqual(new Set(['demo-log']));

      // The log destination the server starts for the demo writes into the data directory.
      const built = createDestinations(definition.destinations ?? {}, { env: {}, baseDir: dir.path });
      if (!built.ok) throw new Error(JSON.stringify(built.error));
      const alert = (
        await conn.runAndReadAll(`SELECT payload FROM deliveries WHERE workspace_id = $1 LIMIT 1`, [
          DEMO_WORKSPACE,
        ])
      ).getRows()[0]?.[0];
      const sent = await built.value
        .get('demo-log')
        ?.send(JSON.parse(String(alert)) as Alert, { idempotencyKey: 'k', attempt: 1 });
      expect(sent?.kind).toBe('delivered');
      expect(readFileSync(join(dir.path, 'demo-alerts.ndjson'), 'utf8')).toContain('"workspaceId":"demo"');
    } finally {
      conn.closeSync();
      await store.close();
    }
  }, 300_000);
});
