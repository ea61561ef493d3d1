/**
 * The do-not-contact list (`suppressions`) in the store's database, on either back end. An add
 * counts what exists and upserts in one transaction, so its figures match what it changed.
 */
import type { SqlClient, SqlParam, SqlRow } from '../../lib/sql-client.ts';
import type { SuppressionEntry, SuppressionKind, SuppressionRecord } from './suppression-entry.ts';
import type { AddResult, ListOptions, SuppressionStore } from './suppression-store.ts';

const CHUNK = 500;
const COLUMNS = 'kind, value, reason, source, created_at';

interface SuppressionRow extends SqlRow {
  readonly kind: string;
  readonly value: string;
  readonly reason: string | null;
  readonly source: string;
  readonly created_at: number;
}

export class SqlSuppressionStore implements SuppressionStore {
  constructor(
    private readonly db: SqlClient,
    private readonly now: () => number = Date.now,
  ) {}

  async list(workspaceId: string, options: ListOptions = {}): Promise<SuppressionRecord[]> {
    const params: SqlParam[] = [workspaceId, options.limit ?? 1000];
    let where = 'workspace_id = $1';
    if (options.kind !== undefined) {
      params.push(options.kind);
      where += ' AND kind = $3';
    }
    const rows = await this.db.query<SuppressionRow>(
      `SELECT ${COLUMNS} FROM suppressions WHERE ${where} ORDER BY kind, value LIMIT $2`,
      params,
    );
    return rows.map(toRecord);
  }

  add(workspaceId: string, entries: readonly SuppressionEntry[], source: string): Promise<AddResult> {
    // The last of repeated entries wins, as it would one by one; an upsert may not touch a row twice.
    const unique = [...new Map(entries.map((e) => [`${e.kind}:${e.value}`, e])).values()];
    return this.db.transaction(async (tx) => {
      let added = 0;
      for (let start = 0; start < unique.length; start += CHUNK) {
        const chunk = unique.slice(start, start + CHUNK);
        added += chunk.length - (await existing(tx, workspaceId, chunk));
        const params: SqlParam[] = [workspaceId, source, this.now()];
        const tuples = chunk.map((e) => {
          params.push(e.kind, e.value, e.reason);
          const n = params.length;
          return `($1, $${n - 2}, $${n - 1}, $${n}, $2, ${tx.sql.at(3)})`;
        });
        await tx.run(
          `INSERT INTO suppressions (workspace_id, kind, value, reason, source, created_at) VALUES ${tuples.join(', ')}
           ON CONFLICT (workspace_id, kind, value) DO UPDATE SET reason = excluded.reason, source = excluded.source`,
          params,
        );
      }
      return { added, updated: unique.length - added };
    });
  }

  remove(workspaceId: string, kind: SuppressionKind, value: string): Promise<SuppressionRecord | null> {
    return this.db.transaction(async (tx) => {
      const params = [workspaceId, kind, value];
      const where = 'workspace_id = $1 AND kind = $2 AND value = $3';
      const [row] = await tx.query<SuppressionRow>(
        `SELECT ${COLUMNS} FROM suppressions WHERE ${where}`,
        params,
      );
      if (row === undefined) return null;
      await tx.run(`DELETE FROM suppressions WHERE ${where}`, params);
      return toRecord(row);
    });
  }
}

async function existing(
  tx: SqlClient,
  workspaceId: string,
  chunk: readonly SuppressionEntry[],
): Promise<number> {
  const params: SqlParam[] = [workspaceId];
  const pairs = chunk.map((e) => {
    params.push(e.kind, e.value);
    return `(kind = $${params.length - 1} AND value = $${params.length})`;
  });
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM suppressions WHERE workspace_id = $1 AND (${pairs.join(' OR ')})`,
    params,
  );
  return row?.n ?? 0;
}

function toRecord(row: SuppressionRow): SuppressionRecord {
  return {
    kind: row.kind === 'email' ? 'email' : 'domain',
    value: row.value,
    reason: row.reason,
    source: row.source,
    createdAt: row.created_at,
  };
}
