/** The `leases` table on either back end: one atomic upsert decides who holds a lease. */
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import type { Lease, LeaseStore } from './lease-store.ts';

interface LeaseRow extends SqlRow {
  readonly name: string;
  readonly holder: string;
  readonly expires_at: number;
}

export class SqlLeaseStore implements LeaseStore {
  constructor(private readonly db: SqlClient) {}

  async acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const { at } = this.db.sql;
    // The row changes only for its holder or once expired; RETURNING is empty when it did not.
    const rows = await this.db.query<{ holder: string }>(
      `INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES ($1, $2, ${at(3)}, ${at(4)})
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
         acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END
       WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at
       RETURNING holder`,
      [name, holder, now + ttlMs, now],
    );
    return rows.length === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.run('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async live(prefix: string, now: number): Promise<Lease[]> {
    const rows = await this.db.query<LeaseRow>(
      `SELECT name, holder, expires_at FROM leases
       WHERE substr(name, 1, length(CAST($1 AS TEXT))) = $1 AND expires_at > ${this.db.sql.at(2)} ORDER BY name`,
      [prefix, now],
    );
    return rows.map((row) => ({ name: row.name, holder: row.holder, expiresAt: row.expires_at }));
  }
}
