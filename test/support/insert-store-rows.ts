/**
 * Writes rows straight into a store's tables (events, identity links, memberships, traits,
 * outcomes) with plain INSERTs through its `SqlClient`, the same on every back end: for tests
 * that give DuckDB and PostgreSQL the same data and compare what they read back.
 */
import { normalizeMessage } from '../../src/collect/normalize.ts';
import type { DemoOptions } from '../../src/demo/demo-options.ts';
import { generateDemo } from '../../src/demo/generate-demo.ts';
import type { JsonObject, JsonValue } from '../../src/lib/json.ts';
import type { SqlClient, SqlParam } from '../../src/lib/sql-client.ts';
import type {
  Dataset,
  IdentityLink,
  Membership,
  MessageType,
  StoredEvent,
  TraitRecord,
} from '../../src/model/dataset.ts';
import { driverOnClient } from '../../src/sql/drivers/client-driver.ts';
import type { OutcomeRow } from '../../src/store/store.ts';

export interface StoreRows extends Partial<Dataset> {
  readonly outcomes?: readonly OutcomeRow[];
}

/**
 * Generated demo data as store rows, the way the collector and the importers store them: every
 * message normalised (its event row, the identity link, membership and traits it implies, at its
 * time), the accounts' CRM snapshot as traits without a time, and the sales outcomes.
 */
export function demoStoreRows(options: DemoOptions & { readonly endAt: number }): StoreRows {
  const demo = generateDemo(options);
  const events: StoredEvent[] = [];
  const links: IdentityLink[] = [];
  const memberships: Membership[] = [];
  const traits: TraitRecord[] = [];
  let seq = 0;
  for (const message of demo.messages()) {
    const normalized = normalizeMessage(message, {
      receivedAt: options.endAt,
      endpointType: null,
      batchSentAt: null,
    });
    if (!normalized.ok) throw new Error(`demo message refused: ${normalized.error.code}`);
    const m = normalized.value;
    events.push({
      messageId: m.messageId,
      type: m.type as MessageType,
      event: m.event,
      userId: m.userId,
      anonymousId: m.anonymousId,
      groupId: m.groupId,
      timestamp: m.timestamp,
      properties: JSON.parse(m.properties) as JsonObject,
    });
    if (m.link !== null) links.push({ ...m.link, timestamp: m.timestamp });
    if (m.membership !== null) memberships.push({ ...m.membership, timestamp: m.timestamp });
    for (const write of m.traitWrites)
      traits.push({
        ...write,
        value: JSON.parse(write.value) as JsonValue,
        timestamp: m.timestamp,
        seq: ++seq,
      });
  }
  for (const { id, ...row } of demo.accountTraits()) {
    for (const [key, value] of Object.entries(row)) {
      if (value !== null)
        traits.push({ entityType: 'account', entityId: id, key, value, timestamp: null, seq: ++seq });
    }
  }
  const outcomes = [...demo.outcomes()].map(
    (o): OutcomeRow => ({
      entityType: o.entityType,
      entityId: o.entityId,
      type: o.type,
      amount: o.amount ?? null,
      owner: o.owner ?? null,
      timestamp: Math.round(o.timestamp),
      source: 'demo',
    }),
  );
  return { events, links, memberships, traits, outcomes };
}

/** A column: its name, and whether it holds a time (epoch ms). */
type Column = readonly [name: string, time: boolean];

/** Rows per INSERT. */
const BATCH = 1000;

export async function insertStoreRows(
  client: SqlClient,
  workspaceId: string,
  rows: StoreRows,
): Promise<void> {
  let seq = 0;
  const next = () => ++seq;
  await client.transaction(async (tx) => {
    await insertMany(
      tx,
      'events',
      [
        ['workspace_id', false],
        ['seq', false],
        ['message_id', false],
        ['type', false],
        ['event', false],
        ['user_id', false],
        ['anonymous_id', false],
        ['group_id', false],
        ['ts', true],
        ['received_at', true],
        ['properties', false],
      ],
      (rows.events ?? []).map((e) => [
        workspaceId,
        next(),
        e.messageId,
        e.type,
        e.event,
        e.userId,
        e.anonymousId,
        e.groupId,
        e.timestamp,
        e.timestamp,
        JSON.stringify(e.properties),
      ]),
    );
    await insertMany(
      tx,
      'identity_links',
      [
        ['workspace_id', false],
        ['from_id', false],
        ['user_id', false],
        ['ts', true],
        ['seq', false],
      ],
      (rows.links ?? []).map((l) => [workspaceId, l.fromId, l.userId, l.timestamp, next()]),
    );
    await insertMany(
      tx,
      'memberships',
      [
        ['workspace_id', false],
        ['user_key', false],
        ['group_id', false],
        ['ts', true],
        ['seq', false],
      ],
      (rows.memberships ?? []).map((m) => [workspaceId, m.userKey, m.groupId, m.timestamp, next()]),
    );
    await insertMany(
      tx,
      'traits',
      [
        ['workspace_id', false],
        ['entity_type', false],
        ['entity_id', false],
        ['key', false],
        ['value', false],
        ['ts', true],
        ['seq', false],
        ['source', false],
      ],
      (rows.traits ?? []).map((t) => [
        workspaceId,
        t.entityType,
        t.entityId,
        t.key,
        JSON.stringify(t.value),
        t.timestamp,
        t.seq,
        'test',
      ]),
    );
    await insertMany(
      tx,
      'outcomes',
      [
        ['workspace_id', false],
        ['seq', false],
        ['entity_type', false],
        ['entity_id', false],
        ['type', false],
        ['amount', false],
        ['owner', false],
        ['ts', true],
        ['source', false],
        ['received_at', true],
      ],
      (rows.outcomes ?? []).map((o) => [
        workspaceId,
        next(),
        o.entityType,
        o.entityId,
        o.type,
        o.amount,
        o.owner,
        o.timestamp,
        o.source,
        o.timestamp,
      ]),
    );
  });
}

/**
 * Multi-row INSERTs with the values written as literals of the back end's SQL dialect: DuckDB binds
 * thousands of parameters slowly, and these rows are the test's own.
 */
async function insertMany(
  client: SqlClient,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly SqlParam[])[],
): Promise<void> {
  const dialect = driverOnClient(client).dialect;
  const literal = (value: SqlParam, time: boolean): string => {
    if (value === null) return 'NULL';
    if (time) return dialect.timestamp(Number(value));
    if (typeof value === 'number') return dialect.number(value);
    if (typeof value === 'boolean') return dialect.boolean(value);
    if (typeof value === 'string') return dialect.string(value);
    throw new Error(`bug: a list in ${table}`);
  };
  for (let start = 0; start < rows.length; start += BATCH) {
    const tuples = rows
      .slice(start, start + BATCH)
      .map((row) => `(${columns.map(([, time], c) => literal(row[c] ?? null, time)).join(', ')})`);
    await client.run(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) VALUES ${tuples.join(', ')}`,
    );
  }
}
