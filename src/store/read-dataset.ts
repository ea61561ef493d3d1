/**
 * Reads the stored data as the evaluators' `Dataset` (src/model/dataset.ts): the whole workspace, or
 * the neighbourhood one entity's score depends on (its ids, links, memberships, events and traits).
 * Plain SQL over a `SqlClient`, so it reads either back end the same way.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../lib/json.ts';
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';
import type {
  Dataset,
  IdentityLink,
  Membership,
  MessageType,
  StoredEvent,
  TraitRecord,
} from '../model/dataset.ts';

export type DatasetScope =
  | { readonly kind: 'workspace' }
  | { readonly kind: 'entity'; readonly type: 'user' | 'account'; readonly id: string }
  /** The rows stored after `afterSeq` up to `throughSeq` (what commits added: real time folds them in). */
  | { readonly kind: 'rows'; readonly afterSeq: number; readonly throughSeq: number };

/**
 * Where to read from: the store's tables by default; the real-time engine passes the slice it has
 * already materialised (the same columns, fewer rows), which holds every row an entity of the slice
 * depends on.
 */
export interface DatasetTables {
  readonly events: string;
  readonly identityLinks: string;
  readonly memberships: string;
  readonly traits: string;
}

const STORE_TABLES: DatasetTables = {
  events: 'events',
  identityLinks: 'identity_links',
  memberships: 'memberships',
  traits: 'traits',
};

interface EventRow extends SqlRow {
  readonly message_id: string;
  readonly type: string;
  readonly event: string | null;
  readonly user_id: string | null;
  readonly anonymous_id: string | null;
  readonly group_id: string | null;
  readonly ts: number;
  readonly properties: string | null;
}

interface LinkRow extends SqlRow {
  readonly from_id: string;
  readonly user_id: string;
  readonly ts: number;
}

interface MembershipRow extends SqlRow {
  readonly user_key: string;
  readonly group_id: string;
  readonly ts: number;
}

interface TraitRow extends SqlRow {
  readonly entity_type: string;
  readonly entity_id: string;
  readonly key: string;
  readonly value: string | null;
  readonly ts: number | null;
  readonly seq: number;
}

/** A JSON column's value (stored as text); null for SQL NULL. */
export const json = (text: string | null): JsonValue =>
  text === null ? null : (JSON.parse(text) as JsonValue);

/** An event's properties as stored (JSON text): an object, `{}` when they are anything else. */
export function propertiesOf(text: string | null): JsonObject {
  const properties = json(text);
  return isJsonObject(properties) ? properties : {};
}

/**
 * The user keys whose data can matter: for a user, itself and every id linked to it (either way);
 * for an account, its members and their linked ids. Links are followed one hop, as resolution is.
 */
async function keysFor(
  client: SqlClient,
  tables: DatasetTables,
  ws: string,
  type: 'user' | 'account',
  id: string,
): Promise<string[]> {
  const seeds =
    type === 'user'
      ? [id]
      : (
          await client.query<{ user_key: string }>(
            `SELECT DISTINCT user_key FROM ${tables.memberships} WHERE workspace_id = $1 AND group_id = $2`,
            [ws, id],
          )
        ).map((row) => row.user_key);
  const linked = await client.query<LinkRow>(
    `SELECT from_id, user_id FROM ${tables.identityLinks} WHERE workspace_id = $1
       AND (${client.sql.anyOf('user_id', 2)} OR ${client.sql.anyOf('from_id', 2)})`,
    [ws, seeds],
  );
  return [...new Set([...seeds, ...linked.flatMap((row) => [row.from_id, row.user_id])])];
}

export async function readDataset(
  client: SqlClient,
  ws: string,
  scope: DatasetScope,
  tables: DatasetTables = STORE_TABLES,
): Promise<Dataset> {
  // $1 workspace; for one entity also $2 its user keys and $3 its account id ('' for a user); for
  // rows $2 and $3 the sequence range.
  const entity = scope.kind === 'entity';
  const keys = entity ? await keysFor(client, tables, ws, scope.type, scope.id) : [];
  const params: SqlParam[] =
    scope.kind === 'rows'
      ? [ws, Math.trunc(scope.afterSeq), Math.trunc(scope.throughSeq)]
      : entity
        ? [ws, keys, scope.type === 'account' ? scope.id : '']
        : [ws];
  const ofKeys = (column: string) => (entity ? client.sql.anyOf(column, 2) : 'TRUE');
  const ofAccount = (column: string) => (entity ? `(CAST($3 AS TEXT) <> '' AND ${column} = $3)` : 'TRUE');
  const where = (condition: string) =>
    scope.kind === 'rows' ? 'seq > CAST($2 AS BIGINT) AND seq <= CAST($3 AS BIGINT)' : condition;

  const events = await client.query<EventRow>(
    `SELECT message_id, type, event, user_id, anonymous_id, group_id, ts, properties FROM ${tables.events}
     WHERE workspace_id = $1 AND ${where(`(${ofKeys('coalesce(user_id, anonymous_id)')} OR ${ofAccount('group_id')})`)}
     ORDER BY seq`,
    params,
  );
  const links = await client.query<LinkRow>(
    `SELECT from_id, user_id, ts FROM ${tables.identityLinks} WHERE workspace_id = $1
       AND ${where(`(${ofKeys('from_id')} OR ${ofKeys('user_id')} OR ${ofAccount('NULL')})`)} ORDER BY seq`,
    params,
  );
  const memberships = await client.query<MembershipRow>(
    `SELECT user_key, group_id, ts FROM ${tables.memberships} WHERE workspace_id = $1
       AND ${where(`(${ofKeys('user_key')} OR ${ofAccount('group_id')})`)} ORDER BY seq`,
    params,
  );
  const traits = await client.query<TraitRow>(
    `SELECT entity_type, entity_id, key, value, ts, seq FROM ${tables.traits} WHERE workspace_id = $1
       AND ${where(`((entity_type = 'user' AND ${ofKeys('entity_id')}) OR (entity_type = 'account' AND ${ofAccount('entity_id')}))`)}
     ORDER BY seq`,
    params,
  );

  return {
    events: events.map(
      (row): StoredEvent => ({
        messageId: row.message_id,
        type: row.type as MessageType,
        event: row.event,
        userId: row.user_id,
        anonymousId: row.anonymous_id,
        groupId: row.group_id,
        timestamp: Number(row.ts),
        properties: propertiesOf(row.properties),
      }),
    ),
    links: links.map(
      (row): IdentityLink => ({ fromId: row.from_id, userId: row.user_id, timestamp: Number(row.ts) }),
    ),
    memberships: memberships.map(
      (row): Membership => ({ userKey: row.user_key, groupId: row.group_id, timestamp: Number(row.ts) }),
    ),
    traits: traits.map(
      (row): TraitRecord => ({
        entityType: row.entity_type === 'account' ? 'account' : 'user',
        entityId: row.entity_id,
        key: row.key,
        value: json(row.value),
        timestamp: row.ts === null ? null : Number(row.ts),
        seq: Number(row.seq),
      }),
    ),
  };
}
