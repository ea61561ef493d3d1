/**
 * Where a calibration reads: one transaction on a session of its own, so that its temporary tables
 * and views live on one connection on every back end (a PostgreSQL session is a pool; its
 * transaction holds one connection), and every read sees the same data. It carries the SQL
 * dialect of the store's back end (byte order for text, JSON accessors) and a scoring driver over
 * the same transaction, and drops what it made when the work is done (a rollback drops it too).
 */
import type { SqlClient, SqlDatabase, SqlParam, SqlRow } from '../lib/sql-client.ts';
import type { Dialect } from '../sql/dialect.ts';
import type { SqlDriver } from '../sql/driver.ts';
import { driverOnClient } from '../sql/drivers/client-driver.ts';

export class CalibrationSession {
  readonly driver: SqlDriver;
  readonly dialect: Dialect;
  private readonly tables = new Set<string>();
  private readonly views = new Set<string>();

  constructor(readonly client: SqlClient) {
    this.driver = driverOnClient(client);
    this.dialect = this.driver.dialect;
  }

  /**
   * `CREATE TEMP TABLE name AS select`, once per name and run. No `DROP … IF EXISTS` first: on
   * PostgreSQL that would drop a permanent table of the same name when no temporary one exists.
   */
  async table(name: string, select: string, params: readonly SqlParam[] = []): Promise<void> {
    await this.client.run(`CREATE TEMP TABLE ${name} AS ${select}`, params);
    this.tables.add(name);
  }

  /** A temporary view (same columns each time it is replaced). */
  async view(name: string, select: string): Promise<void> {
    await this.client.run(`CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`);
    this.views.add(name);
  }

  query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlParam[] = []): Promise<R[]> {
    return this.client.query<R>(text, params);
  }

  /** Text ordered by its bytes, as DuckDB orders it, on every back end. */
  bytewise(expression: string): string {
    return this.dialect.bytewise(expression);
  }

  async dropAll(): Promise<void> {
    // Views first: PostgreSQL refuses to drop a table a view still reads.
    for (const name of this.views) await this.client.run(`DROP VIEW IF EXISTS ${name}`);
    for (const name of [...this.tables].reverse()) await this.client.run(`DROP TABLE IF EXISTS ${name}`);
    this.views.clear();
    this.tables.clear();
  }
}

export async function withCalibrationSession<T>(
  database: SqlDatabase,
  work: (session: CalibrationSession) => Promise<T>,
): Promise<T> {
  const own = await database.session();
  try {
    return await own.transaction(async (tx) => {
      const session = new CalibrationSession(tx);
      const result = await work(session);
      await session.dropAll();
      return result;
    });
  } finally {
    await own.close();
  }
}
