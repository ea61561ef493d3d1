/**
 * A driver over a store's `SqlClient` (either back end), in the dialect of that back end: scoring,
 * backtests and calibration then run on the store's own tables, wherever they live. The client is
 * the store's; closing the driver leaves it open.
 */
import type { SqlClient } from '../../lib/sql-client.ts';
import { DIALECTS } from '../dialects/registry.ts';
import type { SqlDriver } from '../driver.ts';
import { queryUnderScoringSettings } from './scoring-settings.ts';

export function driverOnClient(client: SqlClient): SqlDriver {
  const dialect = DIALECTS[client.backend].dialect();
  return {
    dialect,
    async execute(sql) {
      await client.run(sql);
    },
    query: (sql) => client.query(sql),
    scoringQuery: (sql) =>
      dialect.scoringSettings.length === 0
        ? client.query(sql)
        : client.transaction((tx) => queryUnderScoringSettings(dialect, (text) => tx.query(text), sql)),
    async close() {},
  };
}
