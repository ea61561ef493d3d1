/** Workspaces and hashed API keys in the embedded database. */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  displayPrefix,
  generateKey,
  hashKey,
  KEY_KINDS,
  type KeyKind,
  type KeyRecord,
  type KeyStore,
} from '../../workspace/keys.ts';

const COLUMNS = 'id, workspace_id, kind, prefix, label, epoch_ms(created_at), epoch_ms(revoked_at)';

function toRecord(row: DuckDBValue[]): KeyRecord {
  const [id, workspaceId, kind, prefix, label, createdAt, revokedAt] = row;
  const k = KEY_KINDS.find((candidate) => candidate === kind);
  if (k === undefined) throw new Error(`stored key ${String(id)} has unknown kind ${String(kind)}`);
  return {
    id: String(id),
    workspaceId: String(workspaceId),
    kind: k,
    prefix: String(prefix),
    label: label === null ? null : String(label),
    createdAt: new Date(Number(createdAt)).toISOString(),
    revokedAt: revokedAt === null ? null : new Date(Number(revokedAt)).toISOString(),
  };
}

export class DuckDbKeyStore implements KeyStore {
  constructor(private readonly conn: DuckDBConnection) {}

  async ensureWorkspace(id: string, name: string): Promise<void> {
    await this.conn.run(
      'INSERT INTO workspaces VALUES ($1, $2, current_timestamp) ON CONFLICT (id) DO NOTHING',
      [id, name],
    );
  }

  async createKey(input: { workspaceId: string; kind: KeyKind; label: string | null; key: string | null }) {
    const key = input.key ?? generateKey(input.kind);
    const id = `key_${randomBytes(6).toString('hex')}`;
    await this.conn.run('INSERT INTO api_keys VALUES ($1, $2, $3, $4, $5, $6, current_timestamp, NULL)', [
      id,
      input.workspaceId,
      input.kind,
      hashKey(key),
      displayPrefix(key),
      input.label,
    ]);
    const record = await this.one(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    if (record === null) throw new Error(`key ${id} vanished after insert`);
    return { record, key };
  }

  async listKeys(workspaceId: string | null): Promise<KeyRecord[]> {
    const reader =
      workspaceId === null
        ? await this.conn.runAndReadAll(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at`)
        : await this.conn.runAndReadAll(
            `SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at`,
            [workspaceId],
          );
    return reader.getRows().map(toRecord);
  }

  async revokeKey(id: string): Promise<KeyRecord | null> {
    await this.conn.run(
      'UPDATE api_keys SET revoked_at = current_timestamp WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return this.one(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  }

  findByHash(hash: string): Promise<KeyRecord | null> {
    return this.one(`SELECT ${COLUMNS} FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`, [hash]);
  }

  async countLiveKeys(workspaceId: string, kind: KeyKind): Promise<number> {
    const reader = await this.conn.runAndReadAll(
      'SELECT count(*) FROM api_keys WHERE workspace_id = $1 AND kind = $2 AND revoked_at IS NULL',
      [workspaceId, kind],
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  private async one(sql: string, params: DuckDBValue[]): Promise<KeyRecord | null> {
    const row = (await this.conn.runAndReadAll(sql, params)).getRows()[0];
    return row === undefined ? null : toRecord(row);
  }
}
