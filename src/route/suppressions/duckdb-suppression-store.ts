/**
 * The do-not-contact list in the embedded database (`suppressions`, migration 4). Give it a
 * connection of its own (`store.instance.connect()`); calls run one at a time on it, so an
 * add's count and its insert see the same table.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { SuppressionEntry, SuppressionKind, SuppressionRecord } from './suppression-entry.ts';
import type { AddResult, ListOptions, SuppressionStore } from './suppression-store.ts';

const CHUNK = 500;
const COLUMNS = 'kind, value, reason, source, epoch_ms(created_at)';

export class DuckDbSuppressionStore implements SuppressionStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly now: () => number = Date.now,
  ) {}

  list(workspaceId: string, options: ListOptions = {}): Promise<SuppressionRecord[]> {
    const params: DuckDBValue[] = [workspaceId, options.limit ?? 1000];
    let where = 'workspace_id = $1';
    if (options.kind !== undefined) {
      params.push(options.kind);
      where += ' AND kind = $3';
    }
    return this.serial(async () =>
      (
        await this.rows(
          `SELECT ${COLUMNS} FROM suppressions WHERE ${where} ORDER BY kind, value LIMIT $2`,
          params,
        )
      ).map(toRecord),
    );
  }

  add(workspaceId: string, entries: readonly SuppressionEntry[], source: string): Promise<AddResult> {
    return this.serial(async () => {
      // The last of repeated entries wins, as it would one by one; DuckDB refuses to upsert a row twice in one statement.
      const unique = [...new Map(entries.map((e) => [`${e.kind}:${e.value}`, e])).values()];
      let added = 0;
      for (let start = 0; start < unique.length; start += CHUNK) {
        const chunk = unique.slice(start, start + CHUNK);
        const existing = await this.existing(workspaceId, chunk);
        added += chunk.length - existing;
        const params: DuckDBValue[] = [workspaceId, source, this.now()];
        const tuples = chunk.map((e) => {
          params.push(e.kind, e.value, e.reason);
          const n = params.length;
          return `($1, $${n - 2}, $${n - 1}, $${n}, $2, make_timestamp($3::BIGINT * 1000))`;
        });
        await this.rows(
          `INSERT INTO suppressions (workspace_id, kind, value, reason, source, created_at) VALUES ${tuples.join(', ')}
           ON CONFLICT (workspace_id, kind, value) DO UPDATE SET reason = excluded.reason, source = excluded.source`,
          params,
        );
      }
      return { added, updated: unique.length - added };
    });
  }

  remove(workspaceId: string, kind: SuppressionKind, value: string): Promise<SuppressionRecord | null> {
    return this.serial(async () => {
      const params = [workspaceId, kind, value];
      const where = 'workspace_id = $1 AND kind = $2 AND value = $3';
      const [row] = await this.rows(`SELECT ${COLUMNS} FROM suppressions WHERE ${where}`, params);
      if (row === undefined) return null;
      await this.rows(`DELETE FROM suppressions WHERE ${where}`, params);
      return toRecord(row);
    });
  }

  private async existing(workspaceId: string, chunk: readonly SuppressionEntry[]): Promise<number> {
    const params: DuckDBValue[] = [workspaceId];
    const pairs = chunk.map((e) => {
      params.push(e.kind, e.value);
      return `(kind = $${params.length - 1} AND value = $${params.length})`;
    });
    const rows = await this.rows(
      `SELECT count(*) FROM suppressions WHERE workspace_id = $1 AND (${pairs.join(' OR ')})`,
      params,
    );
    return Number(rows[0]?.[0] ?? 0);
  }

  private async rows(sql: string, params: DuckDBValue[]): Promise<DuckDBValue[][]> {
    return (await this.conn.runAndReadAll(sql, params)).getRows();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function toRecord(row: DuckDBValue[]): SuppressionRecord {
  const [kind, value, reason, source, createdAt] = row;
  return {
    kind: kind === 'email' ? 'email' : 'domain',
    value: String(value),
    reason: reason === null || reason === undefined ? null : String(reason),
    source: String(source),
    createdAt: Number(createdAt),
  };
}
