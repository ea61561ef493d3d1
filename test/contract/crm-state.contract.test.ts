/** The CRM sync's state port (`CrmState`), the same on every storage back end. */
import { afterEach, expect, it } from 'vitest';
import { SqlCrmState } from '../../src/crm/sql-crm-state.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const H = 3_600_000;

describeEachBackend('crm state', (open) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  const state = async () => {
    db = await open();
    return { crm: new SqlCrmState(db.database.client), client: db.database.client };
  };

  it('reads scored entities of the live version with owner, latest receipt and latest traits', async () => {
    const { crm, client } = await state();
    expect(await crm.currentVersion('ws')).toBeNull();
    const at = client.sql.at;
    for (const [version, id, score, tier] of [
      ['v1', 'u1', 40, 'hot'],
      ['v1', 'u2', 5, null],
      ['v2', 'u1', 99, 'hot'],
    ] as const) {
      await client.run(
        `INSERT INTO entity_states (workspace_id, definition_version, entity_type, entity_id, score, tier,
           hand_raiser, gates_pass, as_of, tier_since)
         VALUES ('ws', $1, 'user', $2, $3, $4, FALSE, TRUE, ${at(5)}, ${at(5)})`,
        [version, id, score, tier, version === 'v2' ? NOW + H : NOW],
      );
    }
    expect(await crm.currentVersion('ws')).toBe('v2');
    await client.run(
      `INSERT INTO definition_activations (workspace_id, role, version, activated_at) VALUES ('ws', 'live', 'v1', ${at(1)})`,
      [NOW],
    );
    expect(await crm.currentVersion('ws')).toBe('v1');
    for (const [id, receipt] of [
      ['q1', '{"old":true}'],
      ['q2', '{"new":true}'],
    ] as const) {
      await client.run(
        `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
           entity_id, kind, as_of, created_at, score, hand_raiser, receipt, status)
         VALUES ($1, 'ws', 'd', 'v1', FALSE, 'user', 'u1', 'qualified', ${at(3)}, ${at(3)}, 40, FALSE, $2, 'alerted')`,
        [id, receipt, NOW],
      );
    }
    await client.run(
      `INSERT INTO leads (workspace_id, entity_type, entity_id, qualification_id, score, status, owner, opened_at, updated_at)
       VALUES ('ws', 'user', 'u1', 'q2', 40, 'open', 'sarah@vendor.example', ${at(1)}, ${at(1)})`,
      [NOW],
    );
    for (const [seq, value] of [
      [1, '"old@acme.example"'],
      [2, '"jane@acme.example"'],
    ] as const) {
      await client.run(
        `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, seq, source)
         VALUES ('ws', 'user', 'u1', 'email', $1, $2, 'test')`,
        [value, seq],
      );
    }
    const entities = await crm.scoredEntities('ws', 'v1', ['email', 'hubspot_id']);
    expect(entities).toEqual([
      {
        entityType: 'user',
        entityId: 'u1',
        definitionVersion: 'v1',
        score: 40,
        tier: 'hot',
        handRaiser: false,
        gatesPass: true,
        owner: 'sarah@vendor.example',
        receipt: '{"new":true}',
        traits: { email: 'jane@acme.example' },
      },
      expect.objectContaining({ entityId: 'u2', tier: null, owner: null, receipt: null, traits: {} }),
    ]);
  });

  it('keeps what was pushed per CRM and object, upserting the hash and record id', async () => {
    const { crm } = await state();
    const a = {
      entityType: 'account' as const,
      entityId: 'domain:acme.example',
      recordId: '901',
      valuesHash: 'h1',
    };
    await crm.recordPushed('ws', 'hubspot', 'company', [a], NOW);
    await crm.recordPushed('ws', 'hubspot', 'company', [{ ...a, valuesHash: 'h2' }], NOW + H);
    await crm.recordPushed('ws', 'salesforce', 'company', [a], NOW);
    expect(await crm.pushed('ws', 'hubspot', 'company')).toEqual([{ ...a, valuesHash: 'h2' }]);
    expect(await crm.pushed('ws', 'hubspot', 'contact')).toEqual([]);
    expect(await crm.pushed('other', 'hubspot', 'company')).toEqual([]);
  });

  it('moves a pull cursor and finds outcomes already recorded by source and type', async () => {
    const { crm, client } = await state();
    expect(await crm.cursor('ws', 'hubspot', 'deals')).toBeNull();
    await crm.setCursor('ws', 'hubspot', 'deals', NOW, NOW);
    await crm.setCursor('ws', 'hubspot', 'deals', NOW + H, NOW + H);
    expect(await crm.cursor('ws', 'hubspot', 'deals')).toBe(NOW + H);
    await client.run(
      `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, ts, source, received_at)
       VALUES ('ws', 1, 'account', 'a', 'won', 10, ${client.sql.at(1)}, 'hubspot:deal:7', ${client.sql.at(1)})`,
      [NOW],
    );
    const found = await crm.existingOutcomes('ws', [
      { source: 'hubspot:deal:7', type: 'won' },
      { source: 'hubspot:deal:8', type: 'won' },
    ]);
    expect([...found]).toEqual(['hubspot:deal:7|won']);
  });

  it('answers the latest run of each CRM and direction', async () => {
    const { crm } = await state();
    const run = {
      crm: 'hubspot' as const,
      direction: 'push' as const,
      startedAt: NOW,
      finishedAt: NOW + 1000,
      written: 3,
      unchanged: 1,
      unmatched: 0,
      failed: 0,
      detail: null,
    };
    await crm.recordRun('ws', run);
    await crm.recordRun('ws', { ...run, finishedAt: NOW + 2000, written: 0, failed: 2, detail: 'boom' });
    await crm.recordRun('ws', { ...run, direction: 'pull' });
    expect(await crm.lastRuns('ws')).toEqual([
      { ...run, direction: 'pull' },
      { ...run, finishedAt: NOW + 2000, written: 0, failed: 2, detail: 'boom' },
    ]);
  });
});
