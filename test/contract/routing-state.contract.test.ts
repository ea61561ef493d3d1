/** Routing state (`loadRoutingState`): what routing reads from the store, the same on every back end. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { routeQualification } from '../../src/route/route-qualification.ts';
import { loadRoutingState } from '../../src/route/routing-state-sql.ts';
import { SqlSuppressionStore } from '../../src/route/suppressions/sql-suppression-store.ts';
import { AS_OF, DAY, facts, HOUR, routingConfig } from '../../src/route/test-support.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

describeEachBackend('routing state', (open) => {
  let db: TestDatabase;
  let conn: SqlClient;

  beforeEach(async () => {
    db = await open();
    conn = db.database.client;
  });

  afterEach(async () => {
    await db.close();
  });

  const at = (ms: number) => conn.sql.fromMs(String(ms));

  async function outcome(ws: string, entityId: string, type: string, ts: number) {
    await conn.run(
      `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, owner, ts, source, received_at)
     VALUES ($1, 1, 'account', $2, $3, NULL, NULL, ${at(ts)}, 'api', ${at(ts)})`,
      [ws, entityId, type],
    );
  }

  async function lead(
    ws: string,
    id: string,
    owner: string | null,
    status: string,
    assignedAt: number | null,
    entityType = 'account',
  ) {
    await conn.run(
      `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, tier, score, rule, owner, owner_name,
       team, assigned_at, status, opened_at, updated_at)
     VALUES ($1, $2, $3, 'q', 'hot', 60, 'hot', $4, $5, 'AE', ${assignedAt === null ? 'NULL' : at(assignedAt)}, $6,
       ${at(AS_OF)}, ${at(AS_OF)})`,
      [ws, entityType, id, owner, owner === null ? null : `Name of ${owner}`, status],
    );
  }

  async function qualification(
    ws: string,
    id: string,
    status: string,
    asOf: number,
    tier: string,
    shadow = false,
  ) {
    await conn.run(
      `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type, entity_id,
       kind, as_of, created_at, score, tier, previous_tier, hand_raiser, status)
     VALUES ($1, $2, 'pql', 'v1', $3, 'account', $4, 'qualified', ${at(asOf)}, ${at(asOf)}, 70, $5, NULL, true, $6)`,
      [`${id}-${asOf}-${status}-${shadow}`, ws, shadow, id, tier, status],
    );
  }

  it('reads the existing owner, the workload, the last alert, suppression and churn', async () => {
    await lead('ws', 'acme', 'AE1@vendor.example', 'open', AS_OF - 3 * HOUR);
    await lead('ws', 'beta', 'ae1@vendor.example', 'open', AS_OF - 2 * HOUR);
    await lead('ws', 'gamma', 'ae2@vendor.example', 'open', AS_OF - 5 * HOUR);
    await lead('ws', 'delta', 'ae2@vendor.example', 'won', AS_OF - HOUR);
    await lead('ws', 'unowned', null, 'open', null);
    await lead('other', 'x', 'ae3@vendor.example', 'open', AS_OF);
    await qualification('ws', 'acme', 'alerted', AS_OF - 5 * DAY, 'hot');
    await qualification('ws', 'acme', 'alerted', AS_OF - 2 * DAY, 'burning');
    await qualification('ws', 'acme', 'alerted', AS_OF - DAY, 'warm', true);
    await qualification('ws', 'acme', 'cooldown', AS_OF - HOUR, 'hot');
    await new SqlSuppressionStore(conn).add(
      'ws',
      [{ kind: 'domain', value: 'acme.example', reason: 'legal' }],
      'cli',
    );
    await outcome('ws', 'acme', 'churned', AS_OF - 30 * DAY);
    await outcome('ws', 'acme', 'churned', AS_OF + DAY);
    await outcome('ws', 'acme', 'won', AS_OF - DAY);

    const state = await loadRoutingState(
      conn,
      'ws',
      'account',
      'acme',
      facts({ email: 'Jane@EU.Acme.example' }),
    );
    expect(state.existingOwner).toEqual({
      email: 'ae1@vendor.example',
      name: 'Name of AE1@vendor.example',
      team: 'AE',
    });
    expect(Object.fromEntries(state.openLeadsByOwner)).toEqual({
      'ae1@vendor.example': 2,
      'ae2@vendor.example': 1,
    });
    expect(Object.fromEntries(state.lastAssignedAtByOwner)).toEqual({
      'ae1@vendor.example': AS_OF - 2 * HOUR,
      'ae2@vendor.example': AS_OF - HOUR,
    });
    expect(state.lastAlert).toEqual({ tier: 'burning', handRaiser: true, at: AS_OF - 2 * DAY });
    expect(state.suppression).toEqual({ kind: 'domain', value: 'acme.example', reason: 'legal' });
    expect(state.churnedAt).toBe(AS_OF - 30 * DAY);
  });

  it('finds an e-mail entry before a domain entry, and nothing for a clean lead', async () => {
    const list = new SqlSuppressionStore(conn);
    await list.add(
      'ws',
      [
        { kind: 'domain', value: 'acme.example', reason: null },
        { kind: 'email', value: 'jane@acme.example', reason: 'unsubscribed' },
      ],
      'api',
    );
    const jane = await loadRoutingState(
      conn,
      'ws',
      'user',
      'u1',
      facts({ email: 'jane@acme.example', domain: null }),
    );
    expect(jane.suppression).toEqual({ kind: 'email', value: 'jane@acme.example', reason: 'unsubscribed' });
    const clean = await loadRoutingState(
      conn,
      'ws',
      'user',
      'u2',
      facts({ email: 'bob@beta.example', domain: 'domain:beta.example' }),
    );
    expect(clean).toEqual({
      existingOwner: null,
      lastAlert: null,
      openLeadsByOwner: new Map(),
      lastAssignedAtByOwner: new Map(),
      suppression: null,
      churnedAt: null,
    });
    const otherWorkspace = await loadRoutingState(
      conn,
      'ws2',
      'user',
      'u1',
      facts({ email: 'jane@acme.example' }),
    );
    expect(otherWorkspace.suppression).toBeNull();
  });

  it("a user's account churn counts when the account id is given", async () => {
    await outcome('ws', 'acme', 'churned', AS_OF - DAY);
    const withAccount = await loadRoutingState(
      conn,
      'ws',
      'user',
      'u1',
      facts({ email: null, domain: null, accountId: 'acme' }),
    );
    expect(withAccount.churnedAt).toBe(AS_OF - DAY);
    const without = await loadRoutingState(conn, 'ws', 'user', 'u1', facts({ email: null, domain: null }));
    expect(without.churnedAt).toBeNull();
  });

  it('feeds the decision: round robin reads the stored workload', async () => {
    const config = routingConfig(`
      teams: { ae: { members: [ae1@vendor.example, ae2@vendor.example], max_open: 2 } }
      rules: [{ name: all, owner: ae, notify: [sales-slack], sla: 4h }]
    `);
    await lead('ws', 'a', 'ae1@vendor.example', 'open', AS_OF - HOUR);
    await lead('ws', 'b', 'ae1@vendor.example', 'open', AS_OF - HOUR);
    const f = facts({ entityId: 'new', email: null, domain: null });
    const decision = routeQualification(config, f, await loadRoutingState(conn, 'ws', 'account', 'new', f));
    expect(decision.owner?.email).toBe('ae2@vendor.example');
  });
});
