import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { normalizeMessage } from '../collect/normalize.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { readDataset } from '../store/read-dataset.ts';
import { leadDetail } from './lead-detail.ts';

const NOW = Date.UTC(2026, 5, 1, 12);
const VIEWED = NOW - 60_000;

/** A page view of /pricing by u1 and two qualifications it or an unstored page view triggered. */
async function seed(store: DuckDbStore): Promise<void> {
  const db = store.database.client;
  const raw = {
    type: 'page',
    userId: 'u1',
    name: 'Pricing',
    properties: { path: '/pricing', title: 'Pricing' },
    messageId: 'u1-page',
    timestamp: new Date(VIEWED).toISOString(),
  };
  const message = normalizeMessage(raw, { receivedAt: NOW, endpointType: null, batchSentAt: null });
  if (!message.ok) throw new Error('the test page call must be valid');
  await store.append('w', [message.value], []);
  await store.flushed();
  for (const [id, at] of [
    ['q1', VIEWED - 3_600_000],
    ['q2', VIEWED],
  ] as const) {
    await db.run(
      `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
         entity_id, kind, as_of, created_at, score, tier, previous_tier, hand_raiser, trigger_event, trigger_at, status)
       VALUES ($1, 'w', 'main', 'v1', false, 'user', 'u1', 'qualified', ${db.sql.at(2)},
         ${db.sql.at(2)}, 60, 'pql', 'low', false, '$page', ${db.sql.at(2)}, 'alerted')`,
      [id, at],
    );
  }
}

describe('the lead page', () => {
  const dir = tempDir();
  let store: DuckDbStore;

  beforeAll(async () => {
    store = await DuckDbStore.open(dir.path, () => NOW);
    await seed(store);
  });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('names a page-view trigger in words, never as $page', async () => {
    const reads = {
      db: store.database.client,
      dataset: (ws: string, scope: Parameters<typeof readDataset>[2]) =>
        readDataset(store.database.client, ws, scope),
    };
    const detail = await leadDetail(reads, {
      workspaceId: 'w',
      entityType: 'user',
      entityId: 'u1',
      definition: null,
      options: { domainAccounts: false },
      now: NOW,
    });
    if (detail === null) throw new Error('u1 is known');
    // Newest first: the stored page view gives its page; one no longer stored is "a page view".
    expect(detail.qualifications.map((q) => q.triggerText)).toEqual([
      'viewing the pricing page',
      'a page view',
    ]);
    expect(detail.timeline.filter((item) => item.kind === 'event').map((item) => item.title)).toEqual([
      'Page view',
    ]);
    const shown = JSON.stringify([detail.qualifications.map((q) => q.triggerText), detail.timeline]);
    expect(shown).not.toMatch(/\$page|[✓✗]/);
  });
});
