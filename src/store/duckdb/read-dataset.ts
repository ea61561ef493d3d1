/**
 * Reads the stored data as the evaluators' `Dataset` (src/model/dataset.ts): the whole workspace, or
 * the neighbourhood one entity's score depends on (its ids, links, memberships, events and traits).
 */
import {
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import { isJsonObject, type JsonObject } from '../../lib/json.ts';
import type {
  Dataset,
  IdentityLink,
  Membership,
  MessageType,
  StoredEvent,
  TraitRecord,
} from '../../model/dataset.ts';
import { jsonCell, queryRows } from './cells.ts';

export type DatasetScope =
  | { readonly kind: 'workspace' }
  | { readonly kind: 'entity'; readonly type: 'user' | 'account'; readonly id: string };

const str = (v: DuckDBValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: DuckDBValue | undefined): number => Number(v);
const parse = jsonCell;

/**
 * The user keys whose data can matter: for a user, itself and every id linked to it (either way);
 * for an account, its members and their linked ids. Links are followed one hop, as resolution is.
 */
async function keysFor(
  conn: DuckDBConnection,
  tables: DatasetTables,
  ws: string,
  type: 'user' | 'account',
  id: string,
): Promise<string[]> {
  const seeds =
    type === 'user'
      ? [id]
      : (
          await queryRows(
            conn,
            `SELECT DISTINCT user_key FROM ${tables.memberships} WHERE workspace_id = $1 AND group_id = $2`,
            [ws, id],
            [VARCHAR, VARCHAR],
          )
        ).map(([k]) => String(k));
  const linked = await queryRows(
    conn,
    `SELECT from_id, user_id FROM ${tables.identityLinks} WHERE workspace_id = $1
       AND (list_contains($2, user_id) OR list_contains($2, from_id))`,
    [ws, listValue(seeds)],
    [VARCHAR, LIST(VARCHAR)],
  );
  return [...new Set([...seeds, ...linked.flatMap(([f, u]) => [String(f), String(u)])])];
}

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

export async function readDataset(
  conn: DuckDBConnection,
  ws: string,
  scope: DatasetScope,
  tables: DatasetTables = STORE_TABLES,
): Promise<Dataset> {
  // $1 workspace; for one entity also $2 its user keys and $3 its account id ('' for a user).
  const entity = scope.kind === 'entity';
  const keys = entity ? await keysFor(conn, tables, ws, scope.type, scope.id) : [];
  const params: DuckDBValue[] = entity
    ? [ws, listValue(keys), scope.type === 'account' ? scope.id : '']
    : [ws];
  const types: DuckDBType[] = entity ? [VARCHAR, LIST(VARCHAR), VARCHAR] : [VARCHAR];
  const ofKeys = (column: string) => (entity ? `list_contains($2, ${column})` : 'TRUE');
  const ofAccount = (column: string) => (entity ? `($3 <> '' AND ${column} = $3)` : 'TRUE');
  const read = (sql: string) => queryRows(conn, sql, params, types);

  const events = await read(
    `SELECT message_id, type, event, user_id, anonymous_id, group_id, epoch_ms(ts), properties FROM ${tables.events}
     WHERE workspace_id = $1 AND (${ofKeys('coalesce(user_id, anonymous_id)')} OR ${ofAccount('group_id')}) ORDER BY seq`,
  );
  const links = await read(
    `SELECT from_id, user_id, epoch_ms(ts) FROM ${tables.identityLinks} WHERE workspace_id = $1
       AND (${ofKeys('from_id')} OR ${ofKeys('user_id')} OR ${ofAccount('NULL')}) ORDER BY seq`,
  );
  const memberships = await read(
    `SELECT user_key, group_id, epoch_ms(ts) FROM ${tables.memberships} WHERE workspace_id = $1
       AND (${ofKeys('user_key')} OR ${ofAccount('group_id')}) ORDER BY seq`,
  );
  const traits = await read(
    `SELECT entity_type, entity_id, key, value, epoch_ms(ts), seq FROM ${tables.traits} WHERE workspace_id = $1
       AND ((entity_type = 'user' AND ${ofKeys('entity_id')}) OR (entity_type = 'account' AND ${ofAccount('entity_id')}))
     ORDER BY seq`,
  );

  return {
    events: events.map(([messageId, type, event, userId, anonymousId, group, ts, props]): StoredEvent => {
      const properties = parse(props);
      return {
        messageId: String(messageId),
        type: String(type) as MessageType,
        event: str(event),
        userId: str(userId),
        anonymousId: str(anonymousId),
        groupId: str(group),
        timestamp: num(ts),
        properties: isJsonObject(properties) ? properties : ({} as JsonObject),
      };
    }),
    links: links.map(
      ([fromId, userId, ts]): IdentityLink => ({
        fromId: String(fromId),
        userId: String(userId),
        timestamp: num(ts),
      }),
    ),
    memberships: memberships.map(
      ([userKey, group, ts]): Membership => ({
        userKey: String(userKey),
        groupId: String(group),
        timestamp: num(ts),
      }),
    ),
    traits: traits.map(
      ([entityType, entityId, key, value, ts, seq]): TraitRecord => ({
        entityType: entityType === 'account' ? 'account' : 'user',
        entityId: String(entityId),
        key: String(key),
        value: parse(value),
        timestamp: ts === null ? null : num(ts),
        seq: num(seq),
      }),
    ),
  };
}
