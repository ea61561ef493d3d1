/**
 * Display names for a page of entities, read in two small queries: an account's `name` and
 * `domain` traits; a user's `name`, `email` and the name of the first account they joined. The
 * latest write of each trait wins, as in alerts (src/realtime/entity-contact.ts).
 */
import type { SqlClient } from '../lib/sql-client.ts';

export interface EntityLabel {
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
}

/** A trait's JSON text as a label: a non-blank string, trimmed; anything else is no label. */
const text = (json: string | null): string | null => {
  const value: unknown = json === null ? null : JSON.parse(json);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

async function latestTraits(
  db: SqlClient,
  ws: string,
  type: 'user' | 'account',
  ids: readonly string[],
  keys: readonly string[],
): Promise<Map<string, Map<string, string | null>>> {
  const rows = await db.query<{ entity_id: string; key: string; value: string | null }>(
    `SELECT entity_id, key, value FROM (
       SELECT entity_id, key, CAST(value AS TEXT) AS value,
         row_number() OVER (PARTITION BY entity_id, key ORDER BY ts DESC NULLS LAST, seq DESC) AS position
       FROM traits
       WHERE workspace_id = $1 AND entity_type = $2 AND ${db.sql.anyOf('entity_id', 3)} AND ${db.sql.anyOf('key', 4)}
     ) AS latest WHERE position = 1`,
    [ws, type, ids, keys],
  );
  const byEntity = new Map<string, Map<string, string | null>>();
  for (const row of rows) {
    const entry = byEntity.get(row.entity_id) ?? new Map<string, string | null>();
    entry.set(row.key, text(row.value));
    byEntity.set(row.entity_id, entry);
  }
  return byEntity;
}

export async function entityLabels(
  db: SqlClient,
  ws: string,
  type: 'user' | 'account',
  ids: readonly string[],
): Promise<Map<string, EntityLabel>> {
  const labels = new Map<string, EntityLabel>();
  if (ids.length === 0) return labels;
  if (type === 'account') {
    const traits = await latestTraits(db, ws, 'account', ids, ['name', 'company_name', 'domain']);
    for (const id of ids) {
      const t = traits.get(id);
      const name = t?.get('name') ?? t?.get('company_name') ?? null;
      labels.set(id, { name, company: t?.get('domain') ?? null, email: null });
    }
    return labels;
  }
  const traits = await latestTraits(db, ws, 'user', ids, ['name', 'email', 'company']);
  const accounts = await db.query<{ user_key: string; group_id: string }>(
    `SELECT user_key, group_id FROM (
       SELECT user_key, group_id, row_number() OVER (PARTITION BY user_key ORDER BY ts, seq) AS position
       FROM memberships WHERE workspace_id = $1 AND ${db.sql.anyOf('user_key', 2)}
     ) AS joined WHERE position = 1`,
    [ws, ids],
  );
  const accountOf = new Map(accounts.map((row) => [row.user_key, row.group_id]));
  const accountNames = await entityLabels(db, ws, 'account', [...new Set(accountOf.values())]);
  for (const id of ids) {
    const t = traits.get(id);
    const account = accountOf.get(id);
    const company =
      (account === undefined ? null : accountNames.get(account)?.name) ?? t?.get('company') ?? null;
    labels.set(id, { name: t?.get('name') ?? null, company, email: t?.get('email') ?? null });
  }
  return labels;
}
