/**
 * The Postgres dialect's scoring settings (JIT and nested-loop/merge joins off, more work_mem; see
 * docs/sql.md) hold for the scoring query only: inside it they are set, after it the same pooled
 * connection is back to its own values, whether the query opened its transaction, ran in the
 * caller's, or failed. And the scores under them equal DuckDB's on the same stored demo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreStored } from '../../src/app/score-service.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import { PostgresDialect } from '../../src/sql/dialects/postgres-dialect.ts';
import { driverOnClient } from '../../src/sql/drivers/client-driver.ts';
import { createPostgresDriver } from '../../src/sql/drivers/postgres-driver.ts';
import type { ResultRow } from '../../src/sql/map-score-rows.ts';
import { migratePostgres } from '../../src/store/postgres/migrations.ts';
import { PgDatabase } from '../../src/store/postgres/pg-client.ts';
import { PgStore } from '../../src/store/postgres/pg-store.ts';
import { POSTGRES_RUN_URL } from '../support/backends.ts';
import { fillDemo, openDemoStore } from '../support/demo-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const SETTINGS = new PostgresDialect().scoringSettings;
const READ_SETTINGS = `SELECT ${SETTINGS.map((s) => `current_setting('${s.name}') AS "${s.name}"`).join(', ')}`;
const SCORING_VALUES = Object.fromEntries(SETTINGS.map((s) => [s.name, s.value]));

const only = (rows: readonly ResultRow[]): ResultRow => {
  const [row] = rows;
  if (row === undefined || rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return row;
};

describe.skipIf(POSTGRES_RUN_URL === null)('scoring settings on PostgreSQL', () => {
  const url = POSTGRES_RUN_URL ?? '';
  // One connection in the pool: every statement below runs on the same server session.
  let database: PgDatabase;
  let client: SqlClient;
  let defaults: ResultRow;

  beforeAll(async () => {
    database = PgDatabase.connect(url, { max: 1 });
    client = database.client;
    await migratePostgres(client);
    defaults = only(await client.query(READ_SETTINGS));
  });
  afterAll(() => database.close());

  it('differ from the server defaults, or the test proves nothing', () => {
    for (const setting of SETTINGS) expect(defaults[setting.name]).not.toBe(setting.value);
  });

  it('hold inside a scoring query on a pooled client and are gone after it', async () => {
    const inside = only(await driverOnClient(client).scoringQuery(READ_SETTINGS));
    expect(inside).toEqual(SCORING_VALUES);
    expect(only(await client.query(READ_SETTINGS))).toEqual(defaults);
  });

  it("are restored inside the caller's transaction, which goes on after scoring", async () => {
    const after = await client.transaction(async (tx) => {
      await tx.run("SET LOCAL application_name = 'caller'");
      const inside = only(await driverOnClient(tx).scoringQuery(READ_SETTINGS));
      expect(inside).toEqual(SCORING_VALUES);
      return only(await tx.query(`${READ_SETTINGS}, current_setting('application_name') AS app`));
    });
    expect(after).toEqual({ ...defaults, app: 'caller' });
    expect(only(await client.query(READ_SETTINGS))).toEqual(defaults);
  });

  it('are gone after a scoring query that fails', async () => {
    await expect(driverOnClient(client).scoringQuery('SELECT 1 / 0 AS x')).rejects.toThrow(
      /division by zero/,
    );
    expect(only(await client.query(READ_SETTINGS))).toEqual(defaults);
  });

  it("hold inside the standalone driver's scoring query and are gone after it", async () => {
    const driver = await createPostgresDriver({ url });
    try {
      expect(only(await driver.scoringQuery(READ_SETTINGS))).toEqual(SCORING_VALUES);
      expect(only(await driver.query(READ_SETTINGS))).toEqual(defaults);
    } finally {
      await driver.close();
    }
  });
});

it('hold on embedded PGlite too, where the Postgres conformance suite runs', async () => {
  const driver = await createPostgresDriver();
  try {
    const defaultsThere = only(await driver.query(READ_SETTINGS));
    expect(only(await driver.scoringQuery(READ_SETTINGS))).toEqual(SCORING_VALUES);
    expect(only(await driver.query(READ_SETTINGS))).toEqual(defaultsThere);
  } finally {
    await driver.close();
  }
});

describe.skipIf(POSTGRES_RUN_URL === null)('scores under the settings', () => {
  const dir = tempDir();
  const END = Date.UTC(2025, 5, 2);
  const DEMO = { users: 300, accounts: 30, days: 30, seed: 7, endAt: END };

  afterAll(() => dir.remove());

  it('equal DuckDB scores of the same stored demo', async () => {
    const loaded = await loadDefinitionFile('examples/demo/seed-003-accounts.yml');
    if (loaded.ir === null) throw new Error('the demo definition is invalid');
    const request = { workspaceId: 'default', asOf: END, options: { domainAccounts: false } };
    const duck = await openDemoStore(dir.path, DEMO);
    const pgDatabase = PgDatabase.connect(POSTGRES_RUN_URL ?? '', { max: 2 });
    try {
      await migratePostgres(pgDatabase.client);
      const pg = PgStore.on(pgDatabase);
      await fillDemo(pg, `${dir.path}/pg`, DEMO);
      const fromDuck = await scoreStored(duck, loaded.ir, request);
      const fromPg = await scoreStored(pg, loaded.ir, request);
      if (!fromDuck.ok || !fromPg.ok) throw new Error('the definition does not compile');
      expect(fromDuck.value.length).toBeGreaterThan(10);
      expect(fromDuck.value.some((s) => s.score > 0)).toBe(true);
      expect(fromPg.value).toEqual(fromDuck.value);
    } finally {
      await duck.close();
      await pgDatabase.close();
    }
  });
});
