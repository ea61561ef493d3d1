/**
 * The outbox in the embedded database. Give it a connection of its own (`store.instance.connect()`):
 * the worker's writes then never interleave with another caller's transaction. Statements on the
 * connection run one at a time, in call order, because concurrent sends finish in any order.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Alert } from '../deliver/alert.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';
import { DELIVERY_COLUMNS, toDeliveryRecord } from './delivery-row.ts';
import { enqueueDeliveries } from './enqueue-deliveries.ts';
import type {
  AttemptResult,
  DeliveryRecord,
  DestinationHealth,
  ListOptions,
  OutboxStore,
  ReplayError,
} from './outbox-store.ts';

const AT = (param: number) => `make_timestamp($${param}::BIGINT * 1000)`;

/** The earliest pending delivery of each (workspace, destination, entity): the only ones that may go. */
const HEADS = `SELECT * FROM (
    SELECT *, row_number() OVER (
      PARTITION BY workspace_id, destination, entity_type, entity_id ORDER BY seq) AS position
    FROM deliveries WHERE status = 'pending'
  ) WHERE position = 1`;

const FAILING = `(status = 'dead' OR (status = 'pending' AND attempts > 0))`;

export class DuckDbOutboxStore implements OutboxStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly now: () => number = Date.now,
  ) {}

  enqueue(alert: Alert, destinations: readonly string[]): Promise<string[]> {
    return this.serial(() => enqueueDeliveries(new DuckDbClient(this.conn), alert, destinations, this.now()));
  }

  due(now: number, limit: number): Promise<DeliveryRecord[]> {
    return this.records(
      `SELECT ${DELIVERY_COLUMNS} FROM (${HEADS}) WHERE next_attempt_at <= ${AT(1)}
       ORDER BY next_attempt_at, seq LIMIT $2`,
      [now, limit],
    );
  }

  async nextDueAt(): Promise<number | null> {
    const rows = await this.rows(`SELECT epoch_ms(min(next_attempt_at)) FROM (${HEADS})`, []);
    const at = rows[0]?.[0];
    return at === null || at === undefined ? null : Number(at);
  }

  markDelivered(id: string, attempt: AttemptResult): Promise<void> {
    return this.finish(id, 'delivered', attempt, `next_attempt_at = NULL, delivered_at = ${AT(2)}`);
  }

  markRetry(id: string, nextAt: number, attempt: AttemptResult): Promise<void> {
    return this.finish(id, 'pending', attempt, `next_attempt_at = ${AT(5)}`, [nextAt]);
  }

  markDead(id: string, attempt: AttemptResult): Promise<void> {
    return this.finish(id, 'dead', attempt, 'next_attempt_at = NULL');
  }

  async defer(id: string, nextAt: number): Promise<void> {
    await this.rows(`UPDATE deliveries SET next_attempt_at = ${AT(2)} WHERE id = $1 AND status = 'pending'`, [
      id,
      nextAt,
    ]);
  }

  async markRateLimited(id: string, nextAt: number, attempt: AttemptResult): Promise<void> {
    await this.rows(
      `UPDATE deliveries SET last_status = $3, last_detail = $4, updated_at = ${AT(2)},
         next_attempt_at = ${AT(5)} WHERE id = $1 AND status = 'pending'`,
      [id, this.now(), attempt.status, attempt.detail, nextAt],
    );
  }

  async get(id: string): Promise<DeliveryRecord | null> {
    const [record] = await this.records(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [id]);
    return record ?? null;
  }

  list(options: ListOptions = {}): Promise<DeliveryRecord[]> {
    const params: DuckDBValue[] = [options.limit ?? 100];
    const where = [options.failed === true ? FAILING : 'true'];
    if (options.workspaceId !== undefined) {
      params.push(options.workspaceId);
      where.push(`workspace_id = $${params.length}`);
    }
    return this.records(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $1`,
      params,
    );
  }

  async replay(id: string): Promise<Result<DeliveryRecord, ReplayError>> {
    const current = await this.get(id);
    if (current === null) return err('not-found');
    if (current.status !== 'dead') return err('not-dead');
    // Last status and detail stay until the next attempt replaces them: they say why it was dead.
    await this.rows(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ${AT(2)},
         updated_at = ${AT(2)} WHERE id = $1 AND status = 'dead'`,
      [id, this.now()],
    );
    const replayed = await this.get(id);
    if (replayed === null) throw new Error(`delivery ${id} vanished during replay`);
    return ok(replayed);
  }

  async health(workspaceId?: string): Promise<DestinationHealth[]> {
    const rows = await this.rows(
      `SELECT destination,
         count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'pending'),
         count(*) FILTER (WHERE status = 'dead'), epoch_ms(max(delivered_at)),
         epoch_ms(max(updated_at) FILTER (WHERE ${FAILING})),
         arg_max_null(last_status, updated_at) FILTER (WHERE ${FAILING}),
         arg_max_null(last_detail, updated_at) FILTER (WHERE ${FAILING})
       FROM deliveries WHERE $1::VARCHAR IS NULL OR workspace_id = $1
       GROUP BY destination ORDER BY destination`,
      [workspaceId ?? null],
    );
    return rows.map(([destination, delivered, pending, dead, success, failedAt, status, detail]) => ({
      destination: String(destination),
      delivered: Number(delivered),
      pending: Number(pending),
      dead: Number(dead),
      lastSuccessAt: success === null ? null : Number(success),
      lastFailure:
        failedAt === null
          ? null
          : {
              at: Number(failedAt),
              status: status === null ? null : Number(status),
              detail: detail === null ? '' : String(detail),
            },
    }));
  }

  /** Records one attempt: counted, with its result; `extra` sets the status-specific columns. */
  private async finish(
    id: string,
    status: 'pending' | 'delivered' | 'dead',
    attempt: AttemptResult,
    extra: string,
    extraParams: DuckDBValue[] = [],
  ): Promise<void> {
    await this.rows(
      `UPDATE deliveries SET status = '${status}', attempts = attempts + 1, last_status = $3,
         last_detail = $4, updated_at = ${AT(2)}, ${extra} WHERE id = $1 AND status = 'pending'`,
      [id, this.now(), attempt.status, attempt.detail, ...extraParams],
    );
  }

  private async records(sql: string, params: DuckDBValue[]): Promise<DeliveryRecord[]> {
    return (await this.rows(sql, params)).map(toDeliveryRecord);
  }

  private rows(sql: string, params: DuckDBValue[]): Promise<DuckDBValue[][]> {
    return this.serial(async () => (await this.conn.runAndReadAll(sql, params)).getRows());
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
