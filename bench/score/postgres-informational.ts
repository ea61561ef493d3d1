/**
 * bench:score (d), informational: the same stored data copied into a real Postgres server (server-side
 * COPY of CSV exported by DuckDB), then the compiled Postgres SQL timed there. Skipped when no
 * server answers (KINDLING_TEST_POSTGRES_URL, else the local one on 5432).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { createPostgresDriver } from '../../src/sql/drivers/postgres-driver.ts';
import { createScoringTables } from '../../src/sql/load-dataset.ts';
import { scoreWithSql } from '../../src/sql/score-with-sql.ts';
import { databaseFile } from '../../src/store/data-dir.ts';

const TABLES = ['events', 'identity_links', 'memberships', 'traits'] as const;
const TIMEOUT_MS = Number(process.env.BENCH_POSTGRES_TIMEOUT_MS ?? 900_000);

export async function postgresInformational(
  dataDir: string,
  ir: DefinitionIR,
  asOf: number,
  log: (line: string) => void,
): Promise<{ accounts: number; ms: number; loadSeconds: number; note: string } | null> {
  const url = process.env.KINDLING_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let driver: Awaited<ReturnType<typeof createPostgresDriver>>;
  try {
    driver = await createPostgresDriver({ url, schema: 'kindling_bench_score', dropSchema: true });
  } catch (error) {
    log(`postgres: skipped (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
  const exportDir = mkdtempSync(join(tmpdir(), 'kindling-pg-'));
  chmodSync(exportDir, 0o755);
  try {
    const t0 = performance.now();
    const instance = await DuckDBInstance.create(databaseFile(dataDir));
    const conn = await instance.connect();
    for (const table of TABLES) {
      await conn.run(`COPY ${table} TO '${join(exportDir, `${table}.csv`)}' (HEADER)`);
      chmodSync(join(exportDir, `${table}.csv`), 0o644);
    }
    conn.closeSync();
    instance.closeSync();
    await createScoringTables(driver);
    for (const table of TABLES) {
      await driver.execute(
        `COPY ${table} FROM '${join(exportDir, `${table}.csv`)}' (FORMAT csv, HEADER true)`,
      );
    }
    await driver.execute('ANALYZE');
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`postgres: loaded in ${loadSeconds.toFixed(0)} s; scoring…`);
    // One run, bounded: Postgres is informational here, and a row store scanning 10 M JSON rows is slow.
    await driver.execute(`SET statement_timeout = ${TIMEOUT_MS}`);
    const t = performance.now();
    const scored = await scoreWithSql(driver, ir, { asOf, workspaceId: 'default' });
    if (!scored.ok) throw new Error(scored.error.message);
    const ms = performance.now() - t;
    return {
      accounts: scored.value.length,
      ms,
      loadSeconds: Math.round(loadSeconds),
      note: 'informational, 1 run',
    };
  } catch (error) {
    log(`postgres: failed (${error instanceof Error ? error.message : String(error)})`);
    return null;
  } finally {
    await driver.close();
    rmSync(exportDir, { recursive: true, force: true });
  }
}
