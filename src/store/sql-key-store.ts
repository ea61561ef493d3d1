/**
 * Workspaces and hashed API keys over a `SqlClient`: the same portable SQL on DuckDB and PostgreSQL.
 * Times are passed in (`now`), never taken from the database clock, so every node agrees with its
 * own clock the way the rest of the store does.
 */
import { randomBytes } from 'node:crypto';
import type { SqlClient, SqlParam } from '../lib/sql-client.ts';
import {
  displayPrefix,
  generateKey,
  hashKey,
  KEY_KINDS,
  type KeyKind,
  type KeyRecord,
  type KeyStore,
  type WorkspaceRecord,
} from '../workspace/keys.ts';

type KeyRow = {
  readonly id: string;
  readonly workspace_id: string;
  readonly kind: string;
  readonly prefix: string;
  readonly label: string | null;
  readonly created_at: number;
  readonly revoked_at: number | null;
};

type WorkspaceRow = {
  readonly id: string;
  readonly name: string;
  readonly created_at: number;
};

const KEY_COLUMNS = 'id, workspace_id, kind, prefix, label, created_at, revoked_at';

const iso = (ms: number): string => new Date(ms).toISOString();

function toRecord(row: KeyRow): KeyRecord {
  const kind = KEY_KINDS.find((candidate) => candidate === row.kind);
  if (kind === undefined) throw new Error(`stored key ${row.id} has unknown kind ${row.kind}`);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind,
    prefix: row.prefix,
    label: row.label,
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
  };
}

const toWorkspace = (row: WorkspaceRow): WorkspaceRecord => ({
  id: row.id,
  name: row.name,
  createdAt: iso(row.created_at),
});

export class SqlKeyStore implements KeyStore {
  constructor(
    private readonly client: SqlClient,
    private readonly now: () => number = Date.now,
  ) {}

  async ensureWorkspace(id: string, name: string): Promise<void> {
    await this.client.run(
      `INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, ${this.client.sql.at(3)})
       ON CONFLICT (id) DO NOTHING`,
      [id, name, this.now()],
    );
  }

  async listWorkspaces(): Promise<WorkspaceRecord[]> {
    const rows = await this.client.query<WorkspaceRow>(
      'SELECT id, name, created_at FROM workspaces ORDER BY id',
    );
    return rows.map(toWorkspace);
  }

  async workspace(id: string): Promise<WorkspaceRecord | null> {
    const [row] = await this.client.query<WorkspaceRow>(
      'SELECT id, name, created_at FROM workspaces WHERE id = $1',
      [id],
    );
    return row === undefined ? null : toWorkspace(row);
  }

  async createKey(input: { workspaceId: string; kind: KeyKind; label: string | null; key: string | null }) {
    const key = input.key ?? generateKey(input.kind);
    const id = `key_${randomBytes(6).toString('hex')}`;
    // A key fixed by the environment may be registered by two nodes starting at once: the second
    // finds the first's row (the hash is unique) instead of failing.
    await this.client.run(
      `INSERT INTO api_keys (id, workspace_id, kind, hash, prefix, label, created_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, ${this.client.sql.at(7)}, NULL) ON CONFLICT (hash) DO NOTHING`,
      [id, input.workspaceId, input.kind, hashKey(key), displayPrefix(key), input.label, this.now()],
    );
    const record = await this.one(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE hash = $1`, [hashKey(key)]);
    if (record === null) throw new Error(`key ${id} vanished after insert`);
    return { record, key };
  }

  async listKeys(workspaceId: string | null): Promise<KeyRecord[]> {
    const rows =
      workspaceId === null
        ? await this.client.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`)
        : await this.client.query<KeyRow>(
            `SELECT ${KEY_COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id`,
            [workspaceId],
          );
    return rows.map(toRecord);
  }

  async revokeKey(id: string): Promise<KeyRecord | null> {
    await this.client.run(
      `UPDATE api_keys SET revoked_at = ${this.client.sql.at(2)} WHERE id = $1 AND revoked_at IS NULL`,
      [id, this.now()],
    );
    return this.one(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  }

  findByHash(hash: string): Promise<KeyRecord | null> {
    return this.one(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`, [hash]);
  }

  async countLiveKeys(workspaceId: string, kind: KeyKind): Promise<number> {
    const [row] = await this.client.query<{ n: number }>(
      'SELECT count(*) AS n FROM api_keys WHERE workspace_id = $1 AND kind = $2 AND revoked_at IS NULL',
      [workspaceId, kind],
    );
    return row?.n ?? 0;
  }

  private async one(text: string, params: readonly SqlParam[]): Promise<KeyRecord | null> {
    const [row] = await this.client.query<KeyRow>(text, params);
    return row === undefined ? null : toRecord(row);
  }
}
