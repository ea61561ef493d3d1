/** Read-side queries for the admin API: workspace stats and one entity's identity, traits and events. */
import {
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { EntityView, StoreStats } from '../store.ts';
import { type Cell, isoCell, jsonCell, queryRows } from './cells.ts';

const COUNTED = "('track', 'page', 'screen')";

/** Parameter types for the entity queries: workspace, entity id, the entity's keys, entity type. */
const ENTITY_PARAM_TYPES: DuckDBType[] = [VARCHAR, VARCHAR, LIST(VARCHAR), VARCHAR];

const rows = (conn: DuckDBConnection, sql: string, params: DuckDBValue[]) =>
  queryRows(conn, sql, params, ENTITY_PARAM_TYPES.slice(0, params.length));

const isoOf = (ms: Cell): string => isoCell(ms) ?? '';

export async function readStats(conn: DuckDBConnection, workspaceId: string): Promise<StoreStats> {
  const byType = await rows(conn, 'SELECT type, count(*) FROM events WHERE workspace_id = $1 GROUP BY type', [
    workspaceId,
  ]);
  const byReason = await rows(
    conn,
    'SELECT reason, count(*) FROM rejections WHERE workspace_id = $1 GROUP BY reason ORDER BY reason',
    [workspaceId],
  );
  const [last] = await rows(
    conn,
    'SELECT epoch_ms(max(ts)), epoch_ms(max(received_at)) FROM events WHERE workspace_id = $1',
    [workspaceId],
  );
  const types = Object.fromEntries(byType.map(([t, n]) => [String(t), Number(n)]));
  const reasons = Object.fromEntries(byReason.map(([r, n]) => [String(r), Number(n)]));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    events: { stored: sum(types), byType: types },
    rejected: { total: sum(reasons), byReason: reasons },
    lastEventAt: isoCell(last?.[0] ?? null),
    lastReceivedAt: isoCell(last?.[1] ?? null),
  };
}

/** The ids whose events belong to this entity: a user's own id and ids linked to it; an account's members. */
async function keysOf(
  conn: DuckDBConnection,
  ws: string,
  type: 'user' | 'account',
  id: string,
): Promise<string[]> {
  const sql =
    type === 'user'
      ? 'SELECT $2 UNION SELECT from_id FROM identity_links WHERE workspace_id = $1 AND user_id = $2'
      : `SELECT user_key FROM memberships WHERE workspace_id = $1 AND group_id = $2
         UNION SELECT l.from_id FROM identity_links l JOIN memberships m
           ON l.workspace_id = m.workspace_id AND l.user_id = m.user_key WHERE m.workspace_id = $1 AND m.group_id = $2`;
  return (await rows(conn, sql, [ws, id])).map(([k]) => String(k));
}

export async function readEntity(
  conn: DuckDBConnection,
  ws: string,
  type: 'user' | 'account',
  id: string,
): Promise<EntityView | null> {
  const keys = await keysOf(conn, ws, type, id);
  // $1 workspace, $2 entity id, $3 the entity's keys (a VARCHAR list).
  const params = [ws, id, listValue(keys)];
  const eventFilter =
    type === 'user'
      ? 'list_contains($3, coalesce(user_id, anonymous_id)) AND $2 IS NOT NULL'
      : '(group_id = $2 OR list_contains($3, coalesce(user_id, anonymous_id)))';

  const links = await rows(
    conn,
    `SELECT from_id, user_id, epoch_ms(ts) FROM identity_links WHERE workspace_id = $1
       AND (user_id = $2 OR from_id = $2 OR list_contains($3, from_id)) ORDER BY ts`,
    params,
  );
  const accounts = await rows(
    conn,
    `SELECT group_id, epoch_ms(min(ts)) FROM memberships WHERE workspace_id = $1 AND list_contains($3, user_key)
       AND $2 IS NOT NULL GROUP BY group_id ORDER BY 2`,
    params,
  );
  const members = await rows(
    conn,
    'SELECT user_key, epoch_ms(min(ts)) FROM memberships WHERE workspace_id = $1 AND group_id = $2 GROUP BY user_key ORDER BY 2',
    [ws, id],
  );
  const traitRows = await rows(
    conn,
    `SELECT key, value, epoch_ms(ts), source FROM traits WHERE workspace_id = $1 AND entity_type = $4
       AND (entity_id = $2 OR ($4 = 'user' AND list_contains($3, entity_id))) ORDER BY ts NULLS FIRST, seq`,
    [...params, type],
  );
  const counts = await rows(
    conn,
    `SELECT event, count(*) FROM events WHERE workspace_id = $1 AND type IN ${COUNTED} AND ${eventFilter}
       GROUP BY event ORDER BY 2 DESC, 1`,
    params,
  );
  const last = await rows(
    conn,
    `SELECT message_id, type, event, epoch_ms(ts), properties FROM events WHERE workspace_id = $1 AND ${eventFilter}
       ORDER BY ts DESC, seq DESC LIMIT 20`,
    params,
  );
  if (type === 'account' && members.length === 0 && traitRows.length === 0 && last.length === 0) return null;
  if (type === 'user' && links.length === 0 && traitRows.length === 0 && last.length === 0) return null;

  const traitHistory = traitRows.map(([key, value, at, source]) => ({
    key: String(key),
    value: jsonCell(value),
    at: isoCell(at),
    source: String(source),
  }));
  return {
    type,
    id,
    identity: {
      linkedIds: links.map(([fromId, userId, at]) => ({
        fromId: String(fromId),
        userId: String(userId),
        at: isoOf(at),
      })),
      accounts: type === 'user' ? accounts.map(([g, at]) => ({ groupId: String(g), since: isoOf(at) })) : [],
      members: type === 'account' ? members.map(([k, at]) => ({ userKey: String(k), since: isoOf(at) })) : [],
    },
    traits: Object.fromEntries(traitHistory.map((t) => [t.key, t.value])),
    traitHistory,
    eventCounts: Object.fromEntries(counts.map(([e, n]) => [String(e), Number(n)])),
    lastEvents: last.map(([messageId, t, e, at, props]) => ({
      messageId: String(messageId),
      type: String(t),
      event: e === null ? null : String(e),
      at: isoOf(at),
      properties: jsonCell(props),
    })),
  };
}

/** The ids with no trace in the store as that entity type: outcomes for them are kept but reported. */
export async function readUnknownEntities(
  conn: DuckDBConnection,
  ws: string,
  type: 'user' | 'account',
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const known =
    type === 'user'
      ? `SELECT coalesce(user_id, anonymous_id) FROM events WHERE workspace_id = $1
         UNION SELECT user_id FROM identity_links WHERE workspace_id = $1
         UNION SELECT entity_id FROM traits WHERE workspace_id = $1 AND entity_type = 'user'`
      : `SELECT group_id FROM events WHERE workspace_id = $1 AND group_id IS NOT NULL
         UNION SELECT group_id FROM memberships WHERE workspace_id = $1
         UNION SELECT entity_id FROM traits WHERE workspace_id = $1 AND entity_type = 'account'`;
  const found = await queryRows(
    conn,
    `SELECT id FROM (SELECT unnest($2) AS id) WHERE id NOT IN (${known})`,
    [ws, listValue([...ids])],
    [VARCHAR, LIST(VARCHAR)],
  );
  return found.map(([id]) => String(id));
}
