/**
 * Digests (daily, or weekly with `on: [mon]`; to e-mail, Slack or log destinations): alerts routed
 * to a destination's digest wait in the outbox with status `digest` until their due time, then go
 * out together in one message per (workspace, destination) through the destination's `sendDigest`. A failed digest is tried again later with every alert kept; after
 * DIGEST_ATTEMPTS the alerts become dead letters, with the last response, like any delivery.
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { Alert } from '../deliver/alert.ts';
import type { Destination } from '../deliver/destination.ts';
import { isDigestDestination } from '../deliver/destinations/index.ts';
import type { DeliveryOutcome } from '../deliver/outcome.ts';

export const DIGEST_ATTEMPTS = 8;
export const DIGEST_RETRY_MS = 5 * 60_000;

export interface DigestRun {
  readonly destination: string;
  readonly workspaceId: string;
  readonly alerts: number;
  readonly outcome: DeliveryOutcome['kind'];
}

const at = (param: string) => `make_timestamp(${param}::BIGINT * 1000)`;

/** Sends every digest due at `now`; returns what was attempted. */
export async function sendDueDigests(
  conn: DuckDBConnection,
  destinations: ReadonlyMap<string, Destination>,
  now: number,
): Promise<DigestRun[]> {
  const due = await conn.runAndReadAll(
    `SELECT workspace_id, destination, list(id ORDER BY seq), list(payload ORDER BY seq), max(attempts)
     FROM deliveries WHERE status = 'digest' AND next_attempt_at <= ${at('$1')}
     GROUP BY workspace_id, destination ORDER BY destination`,
    [now],
  );
  const runs: DigestRun[] = [];
  for (const [workspace, name, idList, payloadList, attempts] of due.getRows()) {
    const ids = items(idList).map(String);
    const alerts = items(payloadList).map((p) => JSON.parse(String(p)) as Alert);
    const destination = destinations.get(String(name));
    const attempt = Number(attempts) + 1;
    const outcome: DeliveryOutcome =
      destination === undefined || !isDigestDestination(destination)
        ? { kind: 'dead', status: null, detail: `"${String(name)}" is not a destination that sends digests` }
        : await destination.sendDigest(alerts, {
            idempotencyKey: `digest:${ids[0] ?? ''}:${ids.length}`,
            attempt,
          });
    await record(conn, ids, outcome, attempt, now);
    runs.push({
      destination: String(name),
      workspaceId: String(workspace),
      alerts: ids.length,
      outcome: outcome.kind,
    });
  }
  return runs;
}

async function record(
  conn: DuckDBConnection,
  ids: readonly string[],
  outcome: DeliveryOutcome,
  attempt: number,
  now: number,
): Promise<void> {
  const status =
    outcome.kind === 'delivered'
      ? 'delivered'
      : outcome.kind === 'dead' || attempt >= DIGEST_ATTEMPTS
        ? 'dead'
        : 'digest';
  const detail =
    outcome.kind === 'delivered'
      ? outcome.response === undefined
        ? null
        : JSON.stringify(outcome.response)
      : outcome.detail;
  await conn.run(
    `UPDATE deliveries SET status = $2, attempts = $3, last_status = $4, last_detail = $5, updated_at = ${at('$6')},
       next_attempt_at = CASE WHEN $2 = 'digest' THEN ${at('$7')} ELSE NULL END,
       delivered_at = CASE WHEN $2 = 'delivered' THEN ${at('$6')} ELSE NULL END
     WHERE list_contains($1::VARCHAR[], id)`,
    [listValue([...ids]), status, attempt, outcome.status, detail, now, now + DIGEST_RETRY_MS],
  );
}

function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const list = (value as { items?: unknown[] } | null)?.items;
  return Array.isArray(list) ? list : [];
}
