/**
 * bench:score (d) and bench:nodes: the stored data copied into a PgStore's own schema (its
 * migrations, typed columns and indexes) on a real PostgreSQL server, then the full rescore through
 * the product path (`scoreStored`, the compiled Postgres SQL under the dialect's scoring settings),
 * and its scores compared with DuckDB's. Skipped when no server answers (KINDLING_TEST_POSTGRES_URL,
 * else the local one on 5432).
 */
import { scoreStored } from '../../src/app/score-service.ts';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import type { EntityScore } from '../../src/score/entity-score.ts';
import { PgStore } from '../../src/store/postgres/pg-store.ts';
import { BENCH_POSTGRES_URL, copyIntoPgStore, dropDatabase, freshDatabase } from './postgres-copy.ts';
import { timed } from './timed.ts';

export interface PostgresRescore {
  readonly accounts: number;
  readonly ms: number;
  readonly runs: number;
  readonly loadSeconds: number;
  /** Entities whose score, tier or hand-raiser flag differs from DuckDB's (or that only one has). */
  readonly differences: number;
}

export async function postgresRescore(options: {
  /** A scratch database on the server, dropped and created afresh, dropped again after. */
  readonly database: string;
  readonly dataDir: string;
  readonly ir: DefinitionIR;
  readonly asOf: number;
  readonly runs: number;
  readonly duckdb: readonly EntityScore[];
  readonly log: (line: string) => void;
}): Promise<PostgresRescore | null> {
  let url: string;
  try {
    url = await freshDatabase(BENCH_POSTGRES_URL, options.database);
  } catch (error) {
    options.log(`postgres: skipped (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
  try {
    const { seconds } = await copyIntoPgStore(options.dataDir, url);
    options.log(`postgres: copied into the PgStore schema in ${seconds.toFixed(0)} s; scoring…`);
    const store = await PgStore.open(url);
    try {
      const scored = await timed(options.runs, async () => {
        const r = await scoreStored(store, options.ir, {
          workspaceId: 'default',
          asOf: options.asOf,
          options: { domainAccounts: false },
        });
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      });
      return {
        accounts: scored.result.length,
        ms: scored.ms,
        runs: options.runs,
        loadSeconds: Math.round(seconds),
        differences: differences(options.duckdb, scored.result),
      };
    } finally {
      await store.close();
    }
  } finally {
    await dropDatabase(BENCH_POSTGRES_URL, options.database);
  }
}

export function differences(a: readonly EntityScore[], b: readonly EntityScore[]): number {
  const byId = new Map(b.map((s) => [s.entityId, s]));
  let count = Math.abs(a.length - b.length);
  for (const s of a) {
    const other = byId.get(s.entityId);
    if (
      other === undefined ||
      other.score !== s.score ||
      other.tier !== s.tier ||
      other.handRaiser !== s.handRaiser
    )
      count++;
  }
  return count;
}
