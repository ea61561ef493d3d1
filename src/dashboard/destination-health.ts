/**
 * Per destination, for one workspace: deliveries delivered, pending and dead, the last success and
 * the latest failure still outstanding. The same figures as `kindling deliveries health`
 * (OutboxStore.health), scoped to the workspace the dashboard shows.
 */
import { type DuckDBConnection, VARCHAR } from '@duckdb/node-api';
import type { DestinationHealth } from '../outbox/outbox-store.ts';
import { queryRows } from '../store/duckdb/cells.ts';

const FAILING = `(status = 'dead' OR (status = 'pending' AND attempts > 0))`;

export async function destinationHealth(conn: DuckDBConnection, ws: string): Promise<DestinationHealth[]> {
  const rows = await queryRows(
    conn,
    `SELECT destination,
       count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'pending'),
       count(*) FILTER (WHERE status = 'dead'), epoch_ms(max(delivered_at)),
       epoch_ms(max(updated_at) FILTER (WHERE ${FAILING})),
       arg_max_null(last_status, updated_at) FILTER (WHERE ${FAILING}),
       arg_max_null(last_detail, updated_at) FILTER (WHERE ${FAILING})
     FROM deliveries WHERE workspace_id = $1 GROUP BY destination ORDER BY destination`,
    [ws],
    [VARCHAR],
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
