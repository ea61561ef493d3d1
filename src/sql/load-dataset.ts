/**
 * Creates the canonical scoring tables on a driver and inserts a Dataset into one workspace, as
 * literal multi-row INSERTs rendered by the dialect (for tests, fixtures and small imports; the
 * store has its own bulk path). Rows of the same table in different workspaces never collide.
 */
import type { Dataset } from '../model/dataset.ts';
import type { Dialect } from './dialect.ts';
import type { SqlDriver } from './driver.ts';
import {
  createTableSql,
  DEFAULT_TABLE_NAMES,
  SCORING_TABLES,
  type TableName,
  type TableNames,
} from './schema.ts';

const BATCH_ROWS = 1_000;
const DOMAIN_BATCH_ROWS = 10_000;

type Cell = string | number | null | { readonly ts: number } | { readonly json: unknown };
type Row = Readonly<Record<string, Cell>>;

export async function createScoringTables(
  driver: SqlDriver,
  tables: TableNames = DEFAULT_TABLE_NAMES,
): Promise<void> {
  for (const name of Object.keys(SCORING_TABLES) as TableName[]) {
    await driver.execute(createTableSql(driver.dialect, tables[name], SCORING_TABLES[name]));
  }
}

export async function loadDataset(
  driver: SqlDriver,
  workspaceId: string,
  dataset: Dataset,
  tables: TableNames = DEFAULT_TABLE_NAMES,
): Promise<void> {
  await createScoringTables(driver, tables);
  const workspace = { workspace_id: workspaceId };
  await insertRows(
    driver,
    tables.events,
    'events',
    dataset.events.map((event, index) => ({
      ...workspace,
      seq: index + 1,
      message_id: event.messageId,
      type: event.type,
      event: event.event,
      user_id: event.userId,
      anonymous_id: event.anonymousId,
      group_id: event.groupId,
      ts: { ts: event.timestamp },
      properties: { json: event.properties },
    })),
  );
  await insertRows(
    driver,
    tables.identityLinks,
    'identityLinks',
    dataset.links.map((link, index) => ({
      ...workspace,
      from_id: link.fromId,
      user_id: link.userId,
      ts: { ts: link.timestamp },
      seq: index + 1,
    })),
  );
  await insertRows(
    driver,
    tables.memberships,
    'memberships',
    dataset.memberships.map((membership, index) => ({
      ...workspace,
      user_key: membership.userKey,
      group_id: membership.groupId,
      ts: { ts: membership.timestamp },
      seq: index + 1,
    })),
  );
  await insertRows(
    driver,
    tables.traits,
    'traits',
    dataset.traits.map((trait) => ({
      ...workspace,
      entity_type: trait.entityType,
      entity_id: trait.entityId,
      key: trait.key,
      value: { json: trait.value },
      ts: trait.timestamp === null ? null : { ts: trait.timestamp },
      seq: trait.seq,
    })),
  );
}

/** Fills the free-mail domain table once (domain accounts read it); lower-cased, deduplicated. */
export async function loadFreeEmailDomains(
  driver: SqlDriver,
  domains: Iterable<string>,
  tables: TableNames = DEFAULT_TABLE_NAMES,
): Promise<void> {
  await createScoringTables(driver, tables);
  const existing = await driver.query(
    `SELECT count(*) AS n FROM ${driver.dialect.identifier(tables.freeEmailDomains)}`,
  );
  if (Number(existing[0]?.n ?? 0) > 0) return;
  const unique = [...new Set([...domains].map((domain) => domain.toLowerCase()))];
  await insertRows(
    driver,
    tables.freeEmailDomains,
    'freeEmailDomains',
    unique.map((domain) => ({ domain })),
    DOMAIN_BATCH_ROWS,
  );
}

export async function insertRows(
  driver: SqlDriver,
  tableName: string,
  spec: TableName,
  rows: readonly Row[],
  batchRows = BATCH_ROWS,
): Promise<void> {
  const { dialect } = driver;
  const columns = SCORING_TABLES[spec].columns;
  const header = `INSERT INTO ${dialect.identifier(tableName)} (${columns.map((c) => dialect.identifier(c.name)).join(', ')}) VALUES`;
  for (let start = 0; start < rows.length; start += batchRows) {
    const values = rows
      .slice(start, start + batchRows)
      .map((row) => `(${columns.map((column) => cell(dialect, row[column.name] ?? null)).join(', ')})`);
    await driver.execute(`${header}\n${values.join(',\n')}`);
  }
}

function cell(dialect: Dialect, value: Cell): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return dialect.string(value);
  if (typeof value === 'number') return dialect.number(value);
  if ('ts' in value) return dialect.timestamp(value.ts);
  return dialect.string(JSON.stringify(value.json));
}
