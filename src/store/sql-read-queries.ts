/**
 * Read-side queries for the admin API over a `SqlClient`, the same portable SQL on every back end:
 * workspace stats, event names, unknown entities, and one entity's identity, traits and events.
 */
import type { JsonValue } from '../lib/json.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EntityView, StoreStats } from './store.ts';

const COUNTED = "('track', 'page', 'screen')";

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const iso = (ms: number | null): string => isoOrNull(ms) ?? '';
const json = (text: string | null): JsonValue => (text === null ? null : (JSON.parse(text) as JsonValue));

type Count = { readonly name: string; readonly n: number };

export async function readStats(client: SqlClient, workspaceId: string): Promise<StoreStats> {
  const byType = await client.query<Count>(
    'SELECT type AS name, count(*) AS n FROM events WHERE workspace_id = $1 GROUP BY type',
    [workspaceId],
  );
  const byReason = await client.query<Count>(
    'SELECT reason AS name, count(*) AS n FROM rejections WHERE workspace_id = $1 GROUP BY reason ORDER BY reason',
    [workspaceId],
  );
  const [last] = await client.query<{ last_ts: number | null; last_received: number | null }>(
    'SELECT max(ts) AS last_ts, max(received_at) AS last_received FROM events WHERE workspace_id = $1',
    [workspaceId],
  );
  const types = Object.fromEntries(byType.map((r) => [r.name, r.n]));
  const reasons = Object.fromEntries(byReason.map((r) => [r.name, r.n]));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    events: { stored: sum(types), byType: types },
    rejected: { total: sum(reasons), byReason: reasons },
    lastEventAt: isoOrNull(last?.last_ts ?? null),
    lastReceivedAt: isoOrNull(last?.last_received ?? null),
  };
}

export async function readEventNames(client: SqlClient, workspaceId: string): Promise<string[]> {
  const rows = await client.query<{ event: string }>(
    'SELECT DISTINCT event FROM events WHERE workspace_id = $1 AND event IS NOT NULL ORDER BY event',
    [workspaceId],
  );
  return rows.map((r) => r.event);
}

/** The ids whose events belong to this entity: a user's own id and ids linked to it; an account's members. */
async function keysOf(
  client: SqlClient,
  ws: string,
  type: 'user' | 'account',
  id: string,
): Promise<string[]> {
  const text =
    type === 'user'
      ? `SELECT CAST($2 AS TEXT) AS k
         UNION SELECT from_id AS k FROM identity_links WHERE workspace_id = $1 AND user_id = $2`
      : `SELECT user_key AS k FROM memberships WHERE workspace_id = $1 AND group_id = $2
         UNION SELECT l.from_id AS k FROM identity_links l JOIN memberships m
           ON l.workspace_id = m.workspace_id AND l.user_id = m.user_key WHERE m.workspace_id = $1 AND m.group_id = $2`;
  return (await client.query<{ k: string }>(text, [ws, id])).map((r) => r.k);
}

type LinkRow = { readonly from_id: string; readonly user_id: string; readonly ts: number };
type SinceRow = { readonly id: string; readonly since: number };
type TraitHistoryRow = {
  readonly key: string;
  readonly value: string | null;
  readonly ts: number | null;
  readonly source: string;
};
type EventRow = {
  readonly message_id: string;
  readonly type: string;
  readonly event: string | null;
  readonly ts: number;
  readonly properties: string | null;
};

export async function readEntity(
  client: SqlClient,
  ws: string,
  type: 'user' | 'account',
  id: string,
): Promise<EntityView | null> {
  const { sql } = client;
  const keys = await keysOf(client, ws, type, id);
  // $1 workspace, $2 entity id, $3 the entity's keys (a list of text).
  const params = [ws, id, keys];
  // A user's events are those of its keys ($2); an account's, its own and its members' ($2 id, $3 keys).
  const [eventFilter, eventParams] =
    type === 'user'
      ? [sql.anyOf('coalesce(user_id, anonymous_id)', 2), [ws, keys]]
      : [`(group_id = $2 OR ${sql.anyOf('coalesce(user_id, anonymous_id)', 3)})`, params];

  const links = await client.query<LinkRow>(
    `SELECT from_id, user_id, ts FROM identity_links WHERE workspace_id = $1
       AND (user_id = $2 OR from_id = $2 OR ${sql.anyOf('from_id', 3)}) ORDER BY ts, seq`,
    params,
  );
  const accounts =
    type === 'user'
      ? await client.query<SinceRow>(
          `SELECT group_id AS id, min(ts) AS since FROM memberships WHERE workspace_id = $1
             AND ${sql.anyOf('user_key', 2)} GROUP BY group_id ORDER BY since, id`,
          [ws, keys],
        )
      : [];
  const members = await client.query<SinceRow>(
    `SELECT user_key AS id, min(ts) AS since FROM memberships WHERE workspace_id = $1 AND group_id = $2
       GROUP BY user_key ORDER BY since, id`,
    [ws, id],
  );
  const traitRows = await client.query<TraitHistoryRow>(
    `SELECT key, value, ts, source FROM traits WHERE workspace_id = $1 AND entity_type = $4
       AND (entity_id = $2 OR ($4 = 'user' AND ${sql.anyOf('entity_id', 3)})) ORDER BY ts NULLS FIRST, seq`,
    [...params, type],
  );
  const counts = await client.query<Count>(
    `SELECT event AS name, count(*) AS n FROM events WHERE workspace_id = $1 AND type IN ${COUNTED}
       AND ${eventFilter} GROUP BY event ORDER BY n DESC, name`,
    eventParams,
  );
  const last = await client.query<EventRow>(
    `SELECT message_id, type, event, ts, properties FROM events WHERE workspace_id = $1 AND ${eventFilter}
       ORDER BY ts DESC, seq DESC LIMIT 20`,
    eventParams,
  );
  if (type === 'account' && members.length === 0 && traitRows.length === 0 && last.length === 0) return null;
  if (type === 'user' && links.length === 0 && traitRows.length === 0 && last.length === 0) return null;

  const traitHistory = traitRows.map((t) => ({
    key: t.key,
    value: json(t.value),
    at: isoOrNull(t.ts),
    source: t.source,
  }));
  return {
    type,
    id,
    identity: {
      linkedIds: links.map((l) => ({ fromId: l.from_id, userId: l.user_id, at: iso(l.ts) })),
      accounts: accounts.map((a) => ({ groupId: a.id, since: iso(a.since) })),
      members: type === 'account' ? members.map((m) => ({ userKey: m.id, since: iso(m.since) })) : [],
    },
    traits: Object.fromEntries(traitHistory.map((t) => [t.key, t.value])),
    traitHistory,
    eventCounts: Object.fromEntries(counts.map((c) => [c.name, c.n])),
    lastEvents: last.map((e) => ({
      messageId: e.message_id,
      type: e.type,
      event: e.event,
      at: iso(e.ts),
      properties: json(e.properties),
    })),
  };
}

/** The ids with no trace in the store as that entity type: outcomes for them are kept but reported. */
export async function readUnknownEntities(
  client: SqlClient,
  ws: string,
  type: 'user' | 'account',
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const known =
    type === 'user'
      ? `SELECT coalesce(user_id, anonymous_id) AS id FROM events WHERE workspace_id = $1
         UNION SELECT user_id AS id FROM identity_links WHERE workspace_id = $1
         UNION SELECT entity_id AS id FROM traits WHERE workspace_id = $1 AND entity_type = 'user'`
      : `SELECT group_id AS id FROM events WHERE workspace_id = $1 AND group_id IS NOT NULL
         UNION SELECT group_id AS id FROM memberships WHERE workspace_id = $1
         UNION SELECT entity_id AS id FROM traits WHERE workspace_id = $1 AND entity_type = 'account'`;
  const rows = await client.query<{ id: string }>(
    `SELECT asked.id FROM (SELECT unnest(CAST($2 AS TEXT[])) AS id) AS asked
       WHERE NOT EXISTS (SELECT 1 FROM (${known}) AS known WHERE known.id = asked.id)`,
    [ws, [...new Set(ids)]],
  );
  const unknown = new Set(rows.map((r) => r.id));
  return ids.filter((id) => unknown.has(id));
}
