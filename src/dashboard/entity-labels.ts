/**
 * Display names for a page of entities, read in two small queries: an account's `name` and
 * `domain` traits; a user's `name`, `email` and the name of the first account they joined. The
 * latest write of each trait wins, as in alerts (src/realtime/entity-contact.ts).
 */
import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { jsonCell, queryRows } from '../store/duckdb/cells.ts';

export interface EntityLabel {
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
}

const LATEST = `row_number() OVER (PARTITION BY entity_id, key ORDER BY ts DESC NULLS LAST, seq DESC) = 1`;

const text = (cell: unknown): string | null => {
  const value = typeof cell === 'string' ? jsonCell(cell) : null;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

async function latestTraits(
  conn: DuckDBConnection,
  ws: string,
  type: 'user' | 'account',
  ids: readonly string[],
  keys: readonly string[],
): Promise<Map<string, Map<string, string | null>>> {
  const rows = await queryRows(
    conn,
    `SELECT entity_id, key, value FROM traits
     WHERE workspace_id = $1 AND entity_type = $2 AND list_contains($3, entity_id) AND list_contains($4, key)
     QUALIFY ${LATEST}`,
    [ws, type, listValue([...ids]), listValue([...keys])],
    [VARCHAR, VARCHAR, LIST(VARCHAR), LIST(VARCHAR)],
  );
  const byEntity = new Map<string, Map<string, string | null>>();
  for (const [id, key, value] of rows) {
    const entry = byEntity.get(String(id)) ?? new Map<string, string | null>();
    entry.set(String(key), text(value));
    byEntity.set(String(id), entry);
  }
  return byEntity;
}

export async function entityLabels(
  conn: DuckDBConnection,
  ws: string,
  type: 'user' | 'account',
  ids: readonly string[],
): Promise<Map<string, EntityLabel>> {
  const labels = new Map<string, EntityLabel>();
  if (ids.length === 0) return labels;
  if (type === 'account') {
    const traits = await latestTraits(conn, ws, 'account', ids, ['name', 'company_name', 'domain']);
    for (const id of ids) {
      const t = traits.get(id);
      const name = t?.get('name') ?? t?.get('company_name') ?? null;
      labels.set(id, { name, company: t?.get('domain') ?? null, email: null });
    }
    return labels;
  }
  const traits = await latestTraits(conn, ws, 'user', ids, ['name', 'email', 'company']);
  const accounts = await queryRows(
    conn,
    `SELECT user_key, arg_min(group_id, ts) FROM memberships
     WHERE workspace_id = $1 AND list_contains($2, user_key) GROUP BY user_key`,
    [ws, listValue([...ids])],
    [VARCHAR, LIST(VARCHAR)],
  );
  const accountOf = new Map(accounts.map(([user, group]) => [String(user), String(group)]));
  const accountNames = await entityLabels(conn, ws, 'account', [...new Set(accountOf.values())]);
  for (const id of ids) {
    const t = traits.get(id);
    const account = accountOf.get(id);
    const company =
      (account === undefined ? null : accountNames.get(account)?.name) ?? t?.get('company') ?? null;
    labels.set(id, { name: t?.get('name') ?? null, company, email: t?.get('email') ?? null });
  }
  return labels;
}
