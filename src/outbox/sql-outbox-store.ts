/**
 * The outbox in the store's database, on either back end. Several nodes may share it: a delivery is
 * claimed (`claimed_by`, `claimed_until`) by one statement that locks the rows it takes and skips
 * those another node is taking (PostgreSQL's `FOR UPDATE SKIP LOCKED`; one process owns an embedded
 * database), and its outcome is recorded only by its claimant. Give the worker a session of its own
 * (`store.database.session()`), so its writes never interleave with another caller's transaction.
 */
import type { Alert } from '../deliver/alert.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';
import { DELIVERY_COLUMNS, type DeliveryRow, toDeliveryRecord } from './delivery-row.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';
import { FAILING, latestFailures } from './failing-deliveries.ts';
import { PROCESS_NODE_ID } from './node-id.ts';
import type {
  AttemptResult,
  DeliveryRecord,
  DestinationHealth,
  ListOptions,
  OutboxStore,
  ReplayError,
} from './outbox-store.ts';

/** True when no earlier delivery of the same (workspace, destination, entity) is still pending. */
const IS_HEAD = (row: string) => `NOT EXISTS (
    SELECT 1 FROM deliveries AS earlier WHERE earlier.status = 'pending'
      AND earlier.workspace_id = ${row}.workspace_id AND earlier.destination = ${row}.destination
      AND earlier.entity_type = ${row}.entity_type AND earlier.entity_id = ${row}.entity_id
      AND earlier.seq < ${row}.seq)`;

/** Which of this node's claims a statement may change: `$1` the id, `$2` the node. */
const CLAIMED = `id = $1 AND claimed_by = $2 AND status = 'pending'`;
const UNCLAIM = 'claimed_by = NULL, claimed_until = NULL';

interface HealthRow extends SqlRow {
  readonly destination: string;
  readonly delivered: number;
  readonly pending: number;
  readonly dead: number;
  readonly last_success_at: number | null;
  readonly failed_at: number | null;
  readonly last_status: number | null;
  readonly last_detail: string | null;
}

/** Gives `node`'s claims on `ids` back: due again at once, on any node. */
export async function releaseClaims(db: SqlClient, node: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.run(`UPDATE deliveries SET ${UNCLAIM} WHERE ${db.sql.anyOf('id', 1)} AND claimed_by = $2`, [
    ids,
    node,
  ]);
}

export class SqlOutboxStore implements OutboxStore {
  constructor(
    private readonly db: SqlClient,
    private readonly now: () => number = Date.now,
    readonly node: string = PROCESS_NODE_ID,
  ) {}

  enqueue(alert: Alert, destinations: readonly string[]): Promise<string[]> {
    return enqueueDeliveries(this.db, alert, destinations, this.now());
  }

  async claim(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
    const { sql } = this.db;
    // One statement: its candidates are read, locked and claimed together, so two nodes never both
    // take one. A candidate another node claimed meanwhile is re-checked after its commit and dropped.
    const rows = await this.db.query<DeliveryRow>(
      `UPDATE deliveries SET claimed_by = $1, claimed_until = ${sql.at(3)} WHERE id IN (
         SELECT candidate.id FROM deliveries AS candidate
         WHERE candidate.status = 'pending' AND candidate.next_attempt_at <= ${sql.at(2)}
           AND (candidate.claimed_until IS NULL OR candidate.claimed_until <= ${sql.at(2)})
           AND ${IS_HEAD('candidate')}
         ORDER BY candidate.next_attempt_at, candidate.seq LIMIT $4 ${sql.skipLocked})
       RETURNING ${DELIVERY_COLUMNS}`,
      [this.node, now, now + leaseMs, limit],
    );
    return rows
      .sort((a, b) => (a.next_attempt_at ?? 0) - (b.next_attempt_at ?? 0) || a.seq - b.seq)
      .map(toDeliveryRecord);
  }

  async renew(ids: readonly string[], until: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `UPDATE deliveries SET claimed_until = ${this.db.sql.at(3)}
       WHERE ${this.db.sql.anyOf('id', 1)} AND claimed_by = $2 AND status = 'pending' RETURNING id`,
      [ids, this.node, until],
    );
    return rows.map((row) => row.id);
  }

  release(ids: readonly string[]): Promise<void> {
    return releaseClaims(this.db, this.node, ids);
  }

  async releaseAbandoned(): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE deliveries SET ${UNCLAIM} WHERE status = 'pending' AND claimed_by IS NOT NULL RETURNING id`,
    );
    return rows.length;
  }

  async nextDueAt(): Promise<number | null> {
    const [row] = await this.db.query<{ at: number | null }>(
      `SELECT min(GREATEST(next_attempt_at, coalesce(claimed_until, next_attempt_at))) AS at
       FROM deliveries AS head WHERE status = 'pending' AND ${IS_HEAD('head')}`,
    );
    return row?.at ?? null;
  }

  markDelivered(id: string, attempt: AttemptResult): Promise<boolean> {
    return this.finish(
      id,
      'delivered',
      attempt,
      `next_attempt_at = NULL, delivered_at = ${this.db.sql.at(3)}`,
    );
  }

  markRetry(id: string, nextAt: number, attempt: AttemptResult): Promise<boolean> {
    return this.finish(id, 'pending', attempt, `next_attempt_at = ${this.db.sql.at(6)}`, [nextAt]);
  }

  markDead(id: string, attempt: AttemptResult): Promise<boolean> {
    return this.finish(id, 'dead', attempt, 'next_attempt_at = NULL');
  }

  async defer(id: string, nextAt: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE deliveries SET next_attempt_at = ${this.db.sql.at(3)}, ${UNCLAIM} WHERE ${CLAIMED}`,
      [id, this.node, nextAt],
    );
    return changed > 0;
  }

  async markRateLimited(id: string, nextAt: number, attempt: AttemptResult): Promise<boolean> {
    const { sql } = this.db;
    const changed = await this.db.run(
      `UPDATE deliveries SET last_status = $4, last_detail = $5, updated_at = ${sql.at(3)},
         next_attempt_at = ${sql.at(6)}, ${UNCLAIM} WHERE ${CLAIMED}`,
      [id, this.node, this.now(), attempt.status, attempt.detail, nextAt],
    );
    return changed > 0;
  }

  async get(id: string): Promise<DeliveryRecord | null> {
    const [row] = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`,
      [id],
    );
    return row === undefined ? null : toDeliveryRecord(row);
  }

  async list(options: ListOptions = {}): Promise<DeliveryRecord[]> {
    const params: SqlParam[] = [options.limit ?? 100];
    const where = [options.failed === true ? FAILING : 'true'];
    if (options.workspaceId !== undefined) {
      params.push(options.workspaceId);
      where.push(`workspace_id = $${params.length}`);
    }
    const rows = await this.db.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $1`,
      params,
    );
    return rows.map(toDeliveryRecord);
  }

  async replay(id: string): Promise<Result<DeliveryRecord, ReplayError>> {
    const current = await this.get(id);
    if (current === null) return err('not-found');
    if (current.status !== 'dead') return err('not-dead');
    // Last status and detail stay until the next attempt replaces them: they say why it was dead.
    const at = this.db.sql.at(2);
    await this.db.run(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ${at}, updated_at = ${at},
         ${UNCLAIM} WHERE id = $1 AND status = 'dead'`,
      [id, this.now()],
    );
    const replayed = await this.get(id);
    if (replayed === null) throw new Error(`delivery ${id} vanished during replay`);
    return ok(replayed);
  }

  async health(workspaceId?: string): Promise<DestinationHealth[]> {
    const scope = '(CAST($1 AS TEXT) IS NULL OR workspace_id = $1)';
    const rows = await this.db.query<HealthRow>(
      `SELECT totals.destination, totals.delivered, totals.pending, totals.dead, totals.last_success_at,
         latest.failed_at, latest.last_status, latest.last_detail
       FROM (
         SELECT destination, count(*) FILTER (WHERE status = 'delivered') AS delivered,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'dead') AS dead, max(delivered_at) AS last_success_at
         FROM deliveries WHERE ${scope} GROUP BY destination
       ) AS totals LEFT JOIN ${latestFailures(scope)} AS latest ON latest.destination = totals.destination
       ORDER BY totals.destination`,
      [workspaceId ?? null],
    );
    return rows.map((row) => ({
      destination: row.destination,
      delivered: row.delivered,
      pending: row.pending,
      dead: row.dead,
      lastSuccessAt: row.last_success_at,
      lastFailure:
        row.failed_at === null
          ? null
          : { at: row.failed_at, status: row.last_status, detail: row.last_detail ?? '' },
    }));
  }

  /** Records one attempt of a claimed delivery: counted, with its result; `extra` sets the status's columns. */
  private async finish(
    id: string,
    status: 'pending' | 'delivered' | 'dead',
    attempt: AttemptResult,
    extra: string,
    extraParams: SqlParam[] = [],
  ): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE deliveries SET status = '${status}', attempts = attempts + 1, last_status = $4,
         last_detail = $5, updated_at = ${this.db.sql.at(3)}, ${extra}, ${UNCLAIM} WHERE ${CLAIMED}`,
      [id, this.node, this.now(), attempt.status, attempt.detail, ...extraParams],
    );
    return changed > 0;
  }
}
