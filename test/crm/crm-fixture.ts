/**
 * A real DuckDB store in a temp dir with scored entities written straight into its tables (the
 * live definition version `v1`), for the CRM sync tests: users u1–u3 and accounts.
 */
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';

export const NOW = Date.parse('2026-03-02T10:00:00Z');
export const WS = 'default';

export interface CrmFixture {
  readonly store: DuckDbStore;
  readonly dataDir: string;
  score(
    type: 'user' | 'account',
    id: string,
    score: number,
    tier: string | null,
    handRaiser?: boolean,
  ): Promise<void>;
  trait(type: 'user' | 'account', id: string, key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

export async function openCrmFixture(): Promise<CrmFixture> {
  const dir = tempDir('kindling-crm-');
  const store = await DuckDbStore.open(dir.path);
  const client = store.database.client;
  const at = client.sql.at;
  await client.run(
    `INSERT INTO definition_activations (workspace_id, role, version, activated_at) VALUES ($1, 'live', 'v1', ${at(2)})`,
    [WS, NOW],
  );
  return {
    store,
    dataDir: dir.path,
    async score(type, id, score, tier, handRaiser = false) {
      await client.run(
        `INSERT INTO entity_states (workspace_id, definition_version, entity_type, entity_id, score, tier,
           hand_raiser, gates_pass, as_of, tier_since)
         VALUES ($1, 'v1', $2, $3, $4, $5, $6, TRUE, ${at(7)}, ${at(7)})
         ON CONFLICT (workspace_id, definition_version, entity_type, entity_id) DO UPDATE SET
           score = excluded.score, tier = excluded.tier, hand_raiser = excluded.hand_raiser`,
        [WS, type, id, score, tier, handRaiser, NOW],
      );
      const receipt = JSON.stringify({
        pointsTotal: score,
        signals: [
          { name: 'pricing_visits', label: 'Visited pricing 3+ times', holds: true, contributed: 20 },
          { name: 'invites', label: null, holds: true, contributed: 10 },
          { name: 'api', label: 'Used the API', holds: false, contributed: 0 },
        ],
      });
      seq += 1;
      await client.run(
        `INSERT INTO qualifications (id, workspace_id, definition_name, definition_version, shadow, entity_type,
           entity_id, kind, as_of, created_at, score, tier, hand_raiser, receipt, status)
         VALUES ($1, $2, 'demo', 'v1', FALSE, $3, $4, 'qualified', ${at(5)}, ${at(5)}, $6, $7, FALSE, $8, 'alerted')`,
        [`q${seq}`, WS, type, id, NOW, score, tier, receipt],
      );
    },
    async trait(type, id, key, value) {
      seq += 1;
      await client.run(
        `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, seq, source)
         VALUES ($1, $2, $3, $4, $5, $6, 'test')`,
        [WS, type, id, key, JSON.stringify(value), 1_000_000 + seq],
      );
    },
    async close() {
      await store.close();
      dir.remove();
    },
  };
}
