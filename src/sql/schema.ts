/**
 * The canonical scoring tables, as one column list from which every dialect's DDL is derived
 * (the store creates exactly these in DuckDB; tests create them in Postgres and ClickHouse).
 */
import type { ColumnKind, Dialect } from './dialect.ts';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

export interface TableSpec {
  readonly columns: readonly ColumnSpec[];
  /** ClickHouse sort key; other engines ignore it. */
  readonly sortKey: readonly string[];
}

const key = (name: string, kind: ColumnKind): ColumnSpec => ({ name, kind, nullable: false });
const col = (name: string, kind: ColumnKind): ColumnSpec => ({ name, kind, nullable: true });

export const SCORING_TABLES = {
  events: {
    columns: [
      key('workspace_id', 'text'),
      key('seq', 'bigint'),
      col('message_id', 'text'),
      col('type', 'text'),
      col('event', 'text'),
      col('name', 'text'),
      col('user_id', 'text'),
      col('anonymous_id', 'text'),
      col('group_id', 'text'),
      col('previous_id', 'text'),
      col('ts', 'timestamp'),
      col('received_at', 'timestamp'),
      col('sent_at', 'timestamp'),
      col('original_timestamp', 'timestamp'),
      col('properties', 'json'),
      col('traits', 'json'),
      col('context', 'json'),
    ],
    sortKey: ['workspace_id', 'seq'],
  },
  identityLinks: {
    columns: [
      key('workspace_id', 'text'),
      col('from_id', 'text'),
      col('user_id', 'text'),
      col('ts', 'timestamp'),
      key('seq', 'bigint'),
    ],
    sortKey: ['workspace_id', 'seq'],
  },
  memberships: {
    columns: [
      key('workspace_id', 'text'),
      col('user_key', 'text'),
      col('group_id', 'text'),
      col('ts', 'timestamp'),
      key('seq', 'bigint'),
    ],
    sortKey: ['workspace_id', 'seq'],
  },
  traits: {
    columns: [
      key('workspace_id', 'text'),
      col('entity_type', 'text'),
      col('entity_id', 'text'),
      col('key', 'text'),
      col('value', 'json'),
      col('ts', 'timestamp'),
      key('seq', 'bigint'),
      col('source', 'text'),
    ],
    sortKey: ['workspace_id', 'seq'],
  },
  freeEmailDomains: {
    columns: [key('domain', 'text')],
    sortKey: ['domain'],
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof SCORING_TABLES;
export type TableNames = Readonly<Record<TableName, string>>;

export const DEFAULT_TABLE_NAMES: TableNames = {
  events: 'events',
  identityLinks: 'identity_links',
  memberships: 'memberships',
  traits: 'traits',
  freeEmailDomains: 'free_email_domains',
};

export function createTableSql(dialect: Dialect, name: string, spec: TableSpec): string {
  const columns = spec.columns.map(
    (column) => `  ${dialect.identifier(column.name)} ${dialect.columnType(column.kind, column.nullable)}`,
  );
  const options = dialect.tableOptions(spec.sortKey);
  return `CREATE TABLE IF NOT EXISTS ${dialect.identifier(name)} (\n${columns.join(',\n')}\n)${options === '' ? '' : ` ${options}`}`;
}
