/**
 * The real SQL engines of the conformance suite: each loads a fixture's dataset into DuckDB,
 * Postgres (a server from KINDLING_TEST_POSTGRES_URL, else embedded PGlite) or ClickHouse (chdb)
 * and runs the compiled query. One driver per engine per test file; every fixture gets its own
 * workspace id in the same tables, which also exercises the workspace filter.
 */
import { randomUUID } from 'node:crypto';
import { DOMAINS } from 'free-email-domains-list/build/src/constants.js';
import { z } from 'zod';
import type { EntityScore } from '../../../src/score/entity-score.ts';
import { DIALECT_ENTRIES, type DialectName } from '../../../src/sql/dialects/registry.ts';
import type { SqlDriver } from '../../../src/sql/driver.ts';
import { loadDataset, loadFreeEmailDomains } from '../../../src/sql/load-dataset.ts';
import { scoreWithSql } from '../../../src/sql/score-with-sql.ts';
import type { Fixture } from '../fixture.ts';

export type SqlEngineName = DialectName;

export interface SqlEngine {
  readonly name: SqlEngineName;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  scoreAll(fixture: Fixture, asOf: number): Promise<EntityScore[]>;
}

const environment = z
  .object({ KINDLING_TEST_POSTGRES_URL: z.string().url().optional() })
  .parse({ KINDLING_TEST_POSTGRES_URL: process.env.KINDLING_TEST_POSTGRES_URL || undefined });

/** Which Postgres the `postgres` engine talks to, for test names and logs. */
export const postgresTarget = environment.KINDLING_TEST_POSTGRES_URL === undefined ? 'pglite' : 'server';

function sqlEngine(name: SqlEngineName, connect: () => Promise<SqlDriver>): SqlEngine {
  let driver: SqlDriver | null = null;
  let domainsLoaded = false;
  const workspaces = new Map<Fixture, string>();
  return {
    name,
    async setup() {
      driver ??= await connect();
    },
    async teardown() {
      await driver?.close();
      driver = null;
      workspaces.clear();
      domainsLoaded = false;
    },
    async scoreAll(fixture, asOf) {
      if (driver === null) throw new Error(`bug: engine ${name} used before setup()`);
      let workspaceId = workspaces.get(fixture);
      if (workspaceId === undefined) {
        workspaceId = `ws-${workspaces.size + 1}-${fixture.name}`;
        await loadDataset(driver, workspaceId, fixture.dataset);
        workspaces.set(fixture, workspaceId);
      }
      if (fixture.options?.domainAccounts === true && !domainsLoaded) {
        await loadFreeEmailDomains(driver, DOMAINS);
        domainsLoaded = true;
      }
      const scores = await scoreWithSql(driver, fixture.definition, {
        asOf,
        workspaceId,
        ...(fixture.options === undefined ? {} : { options: fixture.options }),
      });
      if (!scores.ok) throw new Error(scores.error.message);
      return scores.value;
    },
  };
}

/** Fresh, unconnected engines: call setup() before use and teardown() after. */
export function createSqlEngines(): SqlEngine[] {
  const url = environment.KINDLING_TEST_POSTGRES_URL;
  const target =
    url === undefined
      ? {}
      : { postgres: { url, schema: `kindling_test_${randomUUID().replaceAll('-', '')}`, dropSchema: true } };
  return DIALECT_ENTRIES.map((entry) => sqlEngine(entry.name, () => entry.openDriver(target)));
}

/** One set per test file (vitest isolates modules per file): call setup() in beforeAll, teardown() in afterAll. */
export const sqlEngines: readonly SqlEngine[] = createSqlEngines();
