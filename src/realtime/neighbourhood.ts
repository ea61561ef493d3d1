/**
 * The slice of the store that the scores of some entities depend on, materialised as temporary
 * tables (`rt_events`, `rt_identity_links`, `rt_memberships`, `rt_traits`) on the engine's own
 * connection, so the compiled SQL can score just those entities. The slice follows exactly the
 * rule `readDataset` uses for one entity (src/store/duckdb/read-dataset.ts): for a user, its ids
 * and the ids linked to it one hop either way; for an account, its members, their linked ids and
 * the events that name the account. Scores are exact for the candidate entities only; rows the
 * query returns for other entities are partial and must be ignored.
 */
import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { EntityType } from '../model/dataset.ts';
import type { TableNames } from '../sql/schema.ts';

export const SLICE_TABLES = {
  events: 'rt_events',
  identityLinks: 'rt_identity_links',
  memberships: 'rt_memberships',
  traits: 'rt_traits',
} as const satisfies Partial<TableNames>;

export interface Slice {
  /** The entities whose scores the slice determines. */
  readonly candidates: readonly string[];
  /** For each candidate, the user keys it is made of (for finding its trigger). */
  readonly keysOf: ReadonlyMap<string, readonly string[]>;
}

const oneHop = (ws: string, from: string) => `
  SELECT id FROM ${from}
  UNION SELECT user_id FROM identity_links WHERE workspace_id = ${ws} AND from_id IN (SELECT id FROM ${from})
  UNION SELECT from_id FROM identity_links WHERE workspace_id = ${ws} AND user_id IN (SELECT id FROM ${from})`;

/**
 * Builds the slice for the touched ids. Call inside a transaction, so that every table reads the
 * same snapshot of the store.
 */
export async function buildSlice(
  conn: DuckDBConnection,
  workspaceId: string,
  entity: EntityType,
  touched: { readonly userKeys: Iterable<string>; readonly accountIds: Iterable<string> },
): Promise<Slice> {
  const ws = '$1';
  const run = (sql: string) => conn.run(sql, [workspaceId]);
  // The list parameter's type is given, not inferred: an empty list (users who never name an
  // account, the commonest traffic) has no item type to infer, and DuckDB refuses it.
  const ids = (table: string, values: Iterable<string>) =>
    conn.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT unnest($1) AS id`,
      [listValue([...values])],
      [LIST(VARCHAR)],
    );
  await ids('rt_touched_users', touched.userKeys);
  await ids('rt_touched_accounts', touched.accountIds);
  if (entity === 'user') {
    await run(`CREATE OR REPLACE TEMP TABLE rt_candidates AS ${oneHop(ws, 'rt_touched_users')}`);
    await run(`CREATE OR REPLACE TEMP TABLE rt_keys AS ${oneHop(ws, 'rt_candidates')}`);
    await conn.run('CREATE OR REPLACE TEMP TABLE rt_accounts (id VARCHAR)');
  } else {
    await run(`CREATE OR REPLACE TEMP TABLE rt_user_side AS ${oneHop(ws, 'rt_touched_users')}`);
    await run(`CREATE OR REPLACE TEMP TABLE rt_candidates AS
      SELECT id FROM rt_touched_accounts
      UNION SELECT group_id FROM memberships WHERE workspace_id = ${ws} AND user_key IN (SELECT id FROM rt_user_side)`);
    await run(`CREATE OR REPLACE TEMP TABLE rt_members AS
      SELECT DISTINCT user_key AS id FROM memberships WHERE workspace_id = ${ws} AND group_id IN (SELECT id FROM rt_candidates)`);
    await run(`CREATE OR REPLACE TEMP TABLE rt_keys AS ${oneHop(ws, 'rt_members')}`);
    await conn.run('CREATE OR REPLACE TEMP TABLE rt_accounts AS SELECT id FROM rt_candidates');
  }
  await run(`CREATE OR REPLACE TEMP TABLE rt_events AS SELECT * FROM events WHERE workspace_id = ${ws}
    AND (coalesce(user_id, anonymous_id) IN (SELECT id FROM rt_keys) OR group_id IN (SELECT id FROM rt_accounts))`);
  await run(`CREATE OR REPLACE TEMP TABLE rt_identity_links AS SELECT * FROM identity_links WHERE workspace_id = ${ws}
    AND (from_id IN (SELECT id FROM rt_keys) OR user_id IN (SELECT id FROM rt_keys))`);
  await run(`CREATE OR REPLACE TEMP TABLE rt_memberships AS SELECT * FROM memberships WHERE workspace_id = ${ws}
    AND (user_key IN (SELECT id FROM rt_keys) OR group_id IN (SELECT id FROM rt_accounts))`);
  await run(`CREATE OR REPLACE TEMP TABLE rt_traits AS SELECT * FROM traits WHERE workspace_id = ${ws}
    AND ((entity_type = 'user' AND entity_id IN (SELECT id FROM rt_keys))
      OR (entity_type = 'account' AND entity_id IN (SELECT id FROM rt_accounts)))`);

  const candidates = (await conn.runAndReadAll('SELECT id FROM rt_candidates WHERE id IS NOT NULL'))
    .getRows()
    .map(([id]) => String(id));
  return { candidates, keysOf: await keysOfCandidates(conn, entity) };
}

/** Each candidate's own user keys: itself and its one-hop links (users), or its members (accounts). */
async function keysOfCandidates(conn: DuckDBConnection, entity: EntityType): Promise<Map<string, string[]>> {
  const sql =
    entity === 'user'
      ? `SELECT c.id, list(DISTINCT k) FROM rt_candidates c LEFT JOIN (
           SELECT user_id AS owner, from_id AS k FROM rt_identity_links
           UNION ALL SELECT from_id, user_id FROM rt_identity_links) l ON l.owner = c.id
         WHERE c.id IS NOT NULL GROUP BY c.id`
      : `SELECT c.id, list(DISTINCT m.user_key) FROM rt_candidates c LEFT JOIN rt_memberships m ON m.group_id = c.id
         WHERE c.id IS NOT NULL GROUP BY c.id`;
  const keys = new Map<string, string[]>();
  for (const [id, list] of (await conn.runAndReadAll(sql)).getRows()) {
    const own = String(id);
    const values = Array.isArray(list) ? list : ((list as { items?: unknown[] } | null)?.items ?? []);
    keys.set(own, [
      entity === 'user' ? `u:${own}` : `a:${own}`,
      ...values.filter((v) => v !== null).map((v) => `u:${String(v)}`),
    ]);
  }
  return keys;
}
