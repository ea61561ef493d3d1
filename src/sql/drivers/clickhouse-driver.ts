/**
 * ClickHouse embedded through chdb. A Session is in-process and heavy (its own data directory),
 * so callers share one per process or test file rather than one per query.
 */
import { Session } from 'chdb';
import { ClickHouseDialect } from '../dialects/clickhouse-dialect.ts';
import type { SqlDriver } from '../driver.ts';
import type { ResultRow } from '../map-score-rows.ts';

export function createClickHouseDriver(session: Session = new Session()): SqlDriver {
  return {
    dialect: new ClickHouseDialect(),
    async execute(sql) {
      await session.queryAsync(sql, { format: 'Null' });
    },
    async query(sql): Promise<readonly ResultRow[]> {
      const text = (await session.queryAsync(sql, { format: 'JSONEachRow' })).text();
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line): ResultRow => JSON.parse(line));
    },
    async close() {
      session.close();
    },
  };
}
