/** A DuckDbStore in a temp dir with rows written straight into its tables, for hand-checked fixtures. */
import type { DuckDBValue } from '@duckdb/node-api';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { tempDir } from '../support/temp-dir.ts';

export const DAY = 86_400_000;
/** Day n of the fixtures, at `hour` o'clock UTC. */
export const day = (n: number, hour = 0): number => Date.UTC(2025, 0, 1) + n * DAY + hour * 3_600_000;
const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

export interface FixtureStore {
  readonly store: DuckDbStore;
  track(userId: string, event: string, at: number, groupId?: string): Promise<void>;
  outcome(
    entityType: 'user' | 'account',
    entityId: string,
    type: string,
    at: number,
    amount?: number,
  ): Promise<void>;
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

export async function openFixtureStore(): Promise<FixtureStore> {
  const dir = tempDir('kindling-backtest-');
  const store = await DuckDbStore.open(dir.path);
  const run = async (sql: string, params: DuckDBValue[] = []) => {
    await store.readConn.run(sql, params);
  };
  return {
    store,
    run,
    async track(userId, event, at, groupId) {
      seq += 1;
      await run(
        `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, group_id, ts, received_at, properties)
         VALUES ('default', $1, $2, 'track', $3, $4, $5, $6::TIMESTAMP, $6::TIMESTAMP, '{}')`,
        [seq, `m${seq}`, event, userId, groupId ?? null, ts(at)],
      );
    },
    async outcome(entityType, entityId, type, at, amount) {
      seq += 1;
      await run(
        `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, ts, source, received_at)
         VALUES ('default', $1, $2, $3, $4, $5, $6::TIMESTAMP, 'test', $6::TIMESTAMP)`,
        [seq, entityType, entityId, type, amount ?? null, ts(at)],
      );
    },
    async close() {
      await store.close();
      dir.remove();
    },
  };
}

export function definition(yaml: string): DefinitionIR {
  const loaded = loadDefinition(yaml, 'test.yml');
  if (loaded.ir === null) throw new Error(JSON.stringify(loaded.problems));
  return loaded.ir;
}

/** Users: `used` (3+ "Used" in 7 days, 10 points), hand-raiser `demo`; warm from 10 points. */
export const USAGE_YAML = `kindling: 1
name: usage
entity: user
signals:
  used:
    event: Used
    within: 7d
    at_least: 3
  demo:
    event: Demo Requested
    within: 30d
points:
  used: 10
hand_raisers: [demo]
tiers:
  cold: 0
  warm: 10
`;
