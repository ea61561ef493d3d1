/**
 * Leases in the database: a named row held by one node until it expires. A leader, a partition of
 * the real-time work, a node's heartbeat: each is a lease. Rows, not session advisory locks, so they
 * work behind a connection pooler and survive a reconnect; a node that stops renewing loses its
 * leases when they expire, and another takes them.
 */
export interface Lease {
  readonly name: string;
  readonly holder: string;
  readonly expiresAt: number;
}

export interface LeaseStore {
  /**
   * Takes `name` for `holder` until `now + ttlMs`, or renews it: true when `holder` holds it now.
   * Fails (false) while another holder's lease has not expired.
   */
  acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  /** Gives `name` up if `holder` holds it; another node may take it at once. */
  release(name: string, holder: string): Promise<void>;
  /** The unexpired leases whose name starts with `prefix`, by name. */
  live(prefix: string, now: number): Promise<Lease[]>;
}
