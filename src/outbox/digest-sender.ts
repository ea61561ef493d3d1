/**
 * Digests (daily, or weekly with `on: [mon]`; to e-mail, Slack or log destinations): alerts routed
 * to a destination's digest wait in the outbox with status `digest` until their due time, then go
 * out together in one message per (workspace, destination) through the destination's `sendDigest`.
 * A failed digest is tried again later with every alert kept, after DIGEST_RETRY_MS or the
 * receiver's Retry-After, whichever is longer; after DIGEST_ATTEMPTS the alerts become dead
 * letters, with the last response, like any delivery. Rate limiting is not failure (docs/outbox.md):
 * a 429 defers the digest by its Retry-After without spending an attempt, for as long as
 * DIGEST_RATE_LIMITED_FOR_MS after its oldest alert was routed (a weekly digest waits up to a week).
 * The due rows are claimed first, like the worker's deliveries (sql-outbox-store.ts), so two nodes
 * checking at once never send one alert twice.
 */
import type { Alert } from '../deliver/alert.ts';
import type { Destination } from '../deliver/destination.ts';
import { isDigestDestination } from '../deliver/destinations/index.ts';
import type { DeliveryOutcome } from '../deliver/outcome.ts';
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import { PROCESS_NODE_ID } from './node-id.ts';
import { releaseClaims } from './sql-outbox-store.ts';

export const DIGEST_ATTEMPTS = 8;
export const DIGEST_RETRY_MS = 5 * 60_000;
export const DIGEST_RATE_LIMITED_FOR_MS = 8 * 86_400_000;
const RATE_LIMIT_DELAY_MS = { min: 1_000, fallback: 60_000, max: 10 * 3_600_000 };
/** Longer than one send with the longest `timeout_ms` (2 minutes): a digest claim is not renewed. */
const DIGEST_LEASE_MS = 10 * 60_000;

export interface DigestRun {
  readonly destination: string;
  readonly workspaceId: string;
  readonly alerts: number;
  readonly outcome: DeliveryOutcome['kind'];
}

interface DigestRow extends SqlRow {
  readonly workspace_id: string;
  readonly destination: string;
  readonly id: string;
  readonly seq: number;
  readonly payload: string;
  readonly attempts: number;
  readonly created_at: number;
}

/** The alerts of one (workspace, destination) digest, in the order they were routed. */
interface DueDigest {
  readonly workspaceId: string;
  readonly destination: string;
  readonly ids: string[];
  readonly alerts: Alert[];
  attempts: number;
  oldest: number;
}

/** Sends every digest due at `now`; returns what was attempted. */
export async function sendDueDigests(
  db: SqlClient,
  destinations: ReadonlyMap<string, Destination>,
  now: number,
  node: string = PROCESS_NODE_ID,
): Promise<DigestRun[]> {
  const runs: DigestRun[] = [];
  const due = await claimDueDigests(db, now, node);
  for (const [index, digest] of due.entries()) {
    let outcome: DeliveryOutcome;
    try {
      outcome = await send(digest, destinations);
    } catch (error) {
      // A bug in a destination: give back what is not sent, so the next check tries it again.
      await releaseClaims(
        db,
        node,
        due.slice(index).flatMap((left) => left.ids),
      );
      throw error;
    }
    const attempt = digest.attempts + 1;
    await record(db, node, digest.ids, outcome, { attempt, now, ageMs: now - digest.oldest });
    runs.push({
      destination: digest.destination,
      workspaceId: digest.workspaceId,
      alerts: digest.ids.length,
      outcome: outcome.kind,
    });
  }
  return runs;
}

function send(digest: DueDigest, destinations: ReadonlyMap<string, Destination>): Promise<DeliveryOutcome> {
  const { ids, alerts } = digest;
  const destination = destinations.get(digest.destination);
  if (destination === undefined || !isDigestDestination(destination)) {
    const detail = `"${digest.destination}" is not a destination that sends digests`;
    return Promise.resolve({ kind: 'dead', status: null, detail });
  }
  return destination.sendDigest(alerts, {
    idempotencyKey: `digest:${ids[0] ?? ''}:${ids.length}`,
    attempt: digest.attempts + 1,
  });
}

/** Claims every due digest row, grouped into one digest per (workspace, destination), oldest first. */
async function claimDueDigests(db: SqlClient, now: number, node: string): Promise<DueDigest[]> {
  const { sql } = db;
  const rows = await db.query<DigestRow>(
    `UPDATE deliveries SET claimed_by = $2, claimed_until = ${sql.at(3)} WHERE id IN (
       SELECT id FROM deliveries WHERE status = 'digest' AND next_attempt_at <= ${sql.at(1)}
         AND (claimed_until IS NULL OR claimed_until <= ${sql.at(1)}) ${sql.skipLocked})
     RETURNING workspace_id, destination, id, seq, payload, attempts, created_at`,
    [now, node, now + DIGEST_LEASE_MS],
  );
  rows.sort(
    (a, b) =>
      a.destination.localeCompare(b.destination) ||
      a.workspace_id.localeCompare(b.workspace_id) ||
      a.seq - b.seq,
  );
  const digests = new Map<string, DueDigest>();
  for (const row of rows) {
    const key = JSON.stringify([row.destination, row.workspace_id]);
    let digest = digests.get(key);
    if (digest === undefined) {
      digest = {
        workspaceId: row.workspace_id,
        destination: row.destination,
        ids: [],
        alerts: [],
        attempts: row.attempts,
        oldest: row.created_at,
      };
      digests.set(key, digest);
    }
    digest.ids.push(row.id);
    digest.alerts.push(JSON.parse(row.payload) as Alert);
    digest.attempts = Math.max(digest.attempts, row.attempts);
    digest.oldest = Math.min(digest.oldest, row.created_at);
  }
  return [...digests.values()];
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
  db: SqlClient,
  node: string,
  ids: readonly string[],
  outcome: DeliveryOutcome,
  when: { readonly attempt: number; readonly now: number; readonly ageMs: number },
): Promise<void> {
  const { attempt, dueAt } = nextTry(outcome, when);
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
  const { sql } = db;
  await db.run(
    `UPDATE deliveries SET status = CAST($2 AS TEXT), attempts = CAST($3 AS INTEGER), last_status = $4,
       last_detail = $5, updated_at = ${sql.at(6)},
       next_attempt_at = CASE WHEN CAST($2 AS TEXT) = 'digest' THEN ${sql.at(7)} ELSE NULL END,
       delivered_at = CASE WHEN CAST($2 AS TEXT) = 'delivered' THEN ${sql.at(6)} ELSE NULL END,
       claimed_by = NULL, claimed_until = NULL
     WHERE ${sql.anyOf('id', 1)} AND claimed_by = $8`,
    [ids, status, attempt, outcome.status, detail, when.now, dueAt, node],
  );
}
