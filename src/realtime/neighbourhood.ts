/**
 * The slice of the store that the scores of some entities depend on, materialised as temporary
 * tables (`rt_events`, `rt_identity_links`, `rt_memberships`, `rt_traits`) on the engine's own
 * transaction, so the compiled SQL can score just those entities. The slice follows exactly the
 * rule `readDataset` uses for one entity (src/store/read-dataset.ts): for a user, its ids
 * and the ids linked to it one hop either way; for an account, its members, their linked ids and
 * the events that name the account. Scores are exact for the candidate entities only; rows the
 * query returns for other entities are partial and must be ignored. Portable SQL: each table is
 * dropped and created (no `CREATE OR REPLACE`), and dropped again with `dropSlice` before the pass
 * commits, so a pooled PostgreSQL connection goes back to the pool clean.
 */
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
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

/** Every temporary table a slice makes. */
const SLICE_WORK_TABLES = [
  'rt_touched_users',
  'rt_touched_accounts',
  'rt_candidates',
  'rt_keys',
  'rt_accounts',
  'rt_user_side',
  'rt_members',
  ...Object.values(SLICE_TABLES),
];

/**
 * Builds the slice for the touched ids. Call inside a transaction (with its client), so that every
 * table reads the same snapshot of the store and lives on the transaction's connection.
 */
export async function buildSlice(
  tx: SqlClient,
  workspaceId: string,
  entity: EntityType,
  touched: { readonly userKeys: Iterable<string>; readonly accountIds: Iterable<string> },
): Promise<Slice> {
  const ws = '$1';
  const create = async (table: string, select: string, params: readonly (string | readonly string[])[]) => {
    await tx.run(`DROP TABLE IF EXISTS ${table}`);
    await tx.run(`CREATE TEMP TABLE ${table} AS ${select}`, params);
  };
  const run = (table: string, select: string) => create(table, select, [workspaceId]);
  const ids = (table: string, values: Iterable<string>) =>
    create(table, 'SELECT unnest(CAST($1 AS TEXT[])) AS id', [[...values]]);
  await ids('rt_touched_users', touched.userKeys);
  await ids('rt_touched_accounts', touched.accountIds);
  if (entity === 'user') {
    await run('rt_candidates', oneHop(ws, 'rt_touched_users'));
    await run('rt_keys', oneHop(ws, 'rt_candidates'));
    await create('rt_accounts', 'SELECT id FROM rt_touched_accounts WHERE 1 = 0', []);
  } else {
    await run('rt_user_side', oneHop(ws, 'rt_touched_users'));
    await run(
      'rt_candidates',
      `SELECT id FROM rt_touched_accounts
      UNION SELECT group_id FROM memberships WHERE workspace_id = ${ws} AND user_key IN (SELECT id FROM rt_user_side)`,
    );
    await run(
      'rt_members',
      `SELECT DISTINCT user_key AS id FROM memberships WHERE workspace_id = ${ws} AND group_id IN (SELECT id FROM rt_candidates)`,
    );
    await run('rt_keys', oneHop(ws, 'rt_members'));
    await create('rt_accounts', 'SELECT id FROM rt_candidates', []);
  }
  await run(
    SLICE_TABLES.events,
    `SELECT * FROM events WHERE workspace_id = ${ws}
    AND (coalesce(user_id, anonymous_id) IN (SELECT id FROM rt_keys) OR group_id IN (SELECT id FROM rt_accounts))`,
  );
  await run(
    SLICE_TABLES.identityLinks,
    `SELECT * FROM identity_links WHERE workspace_id = ${ws}
    AND (from_id IN (SELECT id FROM rt_keys) OR user_id IN (SELECT id FROM rt_keys))`,
  );
  await run(
    SLICE_TABLES.memberships,
    `SELECT * FROM memberships WHERE workspace_id = ${ws}
    AND (user_key IN (SELECT id FROM rt_keys) OR group_id IN (SELECT id FROM rt_accounts))`,
  );
  await run(
    SLICE_TABLES.traits,
    `SELECT * FROM traits WHERE workspace_id = ${ws}
    AND ((entity_type = 'user' AND entity_id IN (SELECT id FROM rt_keys))
      OR (entity_type = 'account' AND entity_id IN (SELECT id FROM rt_accounts)))`,
  );

  const candidates = await tx.query<{ id: string }>('SELECT id FROM rt_candidates WHERE id IS NOT NULL');
  return { candidates: candidates.map((row) => row.id), keysOf: await keysOfCandidates(tx, entity) };
}

/** Drops the slice's tables; call before the pass's transaction commits. */
export async function dropSlice(tx: SqlClient): Promise<void> {
  for (const table of SLICE_WORK_TABLES) await tx.run(`DROP TABLE IF EXISTS ${table}`);
}

interface CandidateKeys extends SqlRow {
  readonly id: string;
  readonly keys: readonly (string | null)[];
}

/** Each candidate's own user keys: itself and its one-hop links (users), or its members (accounts). */
async function keysOfCandidates(tx: SqlClient, entity: EntityType): Promise<Map<string, string[]>> {
  const sql =
    entity === 'user'
      ? `SELECT c.id AS id, array_agg(DISTINCT l.k) AS keys FROM rt_candidates c LEFT JOIN (
           SELECT user_id AS owner, from_id AS k FROM rt_identity_links
           UNION ALL SELECT from_id, user_id FROM rt_identity_links) l ON l.owner = c.id
         WHERE c.id IS NOT NULL GROUP BY c.id`
      : `SELECT c.id AS id, array_agg(DISTINCT m.user_key) AS keys FROM rt_candidates c
           LEFT JOIN rt_memberships m ON m.group_id = c.id
         WHERE c.id IS NOT NULL GROUP BY c.id`;
  const keys = new Map<string, string[]>();
  for (const row of await tx.query<CandidateKeys>(sql)) {
    const linked = (row.keys ?? []).filter((key): key is string => key !== null);
    keys.set(row.id, [entity === 'user' ? `u:${row.id}` : `a:${row.id}`, ...linked.map((key) => `u:${key}`)]);
  }
  return keys;
}
