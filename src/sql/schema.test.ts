import { describe, expect, test } from 'vitest';
import { ClickHouseDialect } from './dialects/clickhouse-dialect.ts';
import { DuckDbDialect } from './dialects/duckdb-dialect.ts';
import { PostgresDialect } from './dialects/postgres-dialect.ts';
import { createTableSql, SCORING_TABLES } from './schema.ts';

describe('DDL from the one column list', () => {
  test('duckdb', () => {
    expect(createTableSql(new DuckDbDialect(), 'memberships', SCORING_TABLES.memberships)).toBe(
      'CREATE TABLE IF NOT EXISTS "memberships" (\n  "workspace_id" VARCHAR,\n  "user_key" VARCHAR,\n  "group_id" VARCHAR,\n  "ts" TIMESTAMP,\n  "seq" BIGINT\n)',
    );
  });

  test('postgres: timestamp(3) and jsonb', () => {
    const sql = createTableSql(new PostgresDialect(), 'traits', SCORING_TABLES.traits);
    expect(sql).toContain('"value" jsonb');
    expect(sql).toContain('"ts" timestamp(3)');
  });

  test('clickhouse: Nullable columns, JSON as String, a MergeTree sort key', () => {
    expect(createTableSql(new ClickHouseDialect(), 'identity_links', SCORING_TABLES.identityLinks)).toBe(
      "CREATE TABLE IF NOT EXISTS `identity_links` (\n  `workspace_id` String,\n  `from_id` Nullable(String),\n  `user_id` Nullable(String),\n  `ts` Nullable(DateTime64(3, 'UTC')),\n  `seq` Int64\n) ENGINE = MergeTree ORDER BY (`workspace_id`, `seq`)",
    );
  });
});
