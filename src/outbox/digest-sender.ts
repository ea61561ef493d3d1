/**
 * Digests (daily, or weekly with `on: [mon]`; to e-mail, Slack or log destinations): alerts routed
 * to a destination's digest wait in the outbox with status `digest` until their due time, then go
 * out together in one message per (workspace, destination) through the destination's `sendDigest`.
 * A failed digest is tried again later with every alert kept, after DIGEST_RETRY_MS or the
 * receiver's Retry-After, whichever is longer; after DIGEST_ATTEMPTS the alerts become dead
 * letters, with the last response, like any delivery. Rate limiting is not failure (docs/outbox.md):
 * a 429 defers the digest by its Retry-After without spending an attempt, for as long as
 * DIGEST_RATE_LIMITED_FOR_MS after its oldest alert was routed (a weekly digest waits up to a week).
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { Alert } from '../deliver/alert.ts';
import type { Destination } from '../deliver/destination.ts';
import { isDigestDestination } from '../deliver/destinations/index.ts';
import type { DeliveryOutcome } from '../deliver/outcome.ts';

export const DIGEST_ATTEMPTS = 8;
export const DIGEST_RETRY_MS = 5 * 60_000;
export const DIGEST_RATE_LIMITED_FOR_MS = 8 * 86_400_000;
const RATE_LIMIT_DELAY_MS = { min: 1_000, fallback: 60_000, max: 10 * 3_600_000 };

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
    `SELECT workspace_id, destination, list(id ORDER BY seq), list(payload ORDER BY seq), max(attempts),
       min(epoch_ms(created_at))
     FROM deliveries WHERE status = 'digest' AND next_attempt_at <= ${at('$1')}
     GROUP BY workspace_id, destination ORDER BY destination`,
    [now],
  );
  const runs: DigestRun[] = [];
  for (const [workspace, name, idList, payloadList, attempts, oldest] of due.getRows()) {
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
    await record(conn, ids, outcome, { attempt, now, ageMs: now - Number(oldest) });
    runs.push({
      destination: String(name),
      workspaceId: String(workspace),
      alerts: ids.length,
      outcome: outcome.kind,
    });
  }
  return runs;
}

/** When a failed digest goes out again, and whether the failure spent an attempt. */
function nextTry(
  outcome: DeliveryOutcome,
  when: { readonly attempt: number; readonly now: number; readonly ageMs: number },
): { readonly attempt: number; readonly dueAt: number } {
  if (outcome.kind !== 'retry') return { attempt: when.attempt, dueAt: when.now + DIGEST_RETRY_MS };
  const retryAfter = outcome.retryAfterMs;
  if (outcome.status === 429 && when.ageMs < DIGEST_RATE_LIMITED_FOR_MS) {
    const wait = Math.min(
      Math.max(retryAfter ?? RATE_LIMIT_DELAY_MS.fallback, RATE_LIMIT_DELAY_MS.min),
      RATE_LIMIT_DELAY_MS.max,
    );
    return { attempt: when.attempt - 1, dueAt: when.now + wait };
  }
  return { attempt: when.attempt, dueAt: when.now + Math.max(DIGEST_RETRY_MS, retryAfter ?? 0) };
}

async function record(
  conn: DuckDBConnection,
  ids: readonly string[],
  outcome: DeliveryOutcome,
  when: { readonly attempt: number; readonly now: number; readonly ageMs: number },
): Promise<void> {
  const { attempt, dueAt } = nextTry(outcome, when);
  const now = when.now;
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
    [listValue([...ids]), status, attempt, outcome.status, detail, now, dueAt],
  );
}

function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const list = (value as { items?: unknown[] } | null)?.items;
  return Array.isArray(list) ? list : [];
}
