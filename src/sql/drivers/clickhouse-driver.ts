/**
 * ClickHouse embedded through chdb. A Session is in-process and heavy (its own data directory),
 * so callers share one per process or test file rather than one per query.
 */
import { Session } from 'chdb';
import { ClickHouseDialect } from '../dialects/clickhouse-dialect.ts';
import type { SqlDriver } from '../driver.ts';
import type { ResultRow } from '../map-score-rows.ts';

export function createClickHouseDriver(session: Session = new Session()): SqlDriver {
  const query = async (sql: string): Promise<readonly ResultRow[]> =>
    (await session.queryAsync(sql, { format: 'JSONEachRow' }))
      .text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line): ResultRow => JSON.parse(line));
  return {
    dialect: new ClickHouseDialect(),
    async execute(sql) {
      await session.queryAsync(sql, { format: 'Null' });
    },
    query,
    // The settings ClickHouse's queries need travel in the query itself (`querySuffix`).
    scoringQuery: query,
    async close() {
      session.close();
    },
  };
}
