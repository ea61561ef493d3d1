/**
 * The `delivery_incidents` table and what the failure monitor reads of `deliveries`: one
 * destination's recent health, its open incident, and which notices are still to be sent.
 */

import { randomBytes } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

const AT = (param: number) => `make_timestamp($${param}::BIGINT * 1000)`;
const FAILED = `(status = 'dead' OR (status = 'pending' AND attempts > 0))`;

/** What the deliveries of one destination say about it now (epoch ms). */
export interface DestinationState {
  readonly lastSuccessAt: number | null;
  /** When the latest dead letter died. */
  readonly lastDeadAt: number | null;
  /** When the oldest pending delivery that has failed at least once was enqueued. */
  readonly failingSince: number | null;
  readonly deadLetters: number;
  readonly pending: number;
  readonly lastStatus: number | null;
  readonly lastDetail: string | null;
}

export interface Incident {
  readonly id: string;
  readonly destination: string;
  /** The destination told about it. */
  readonly alertTo: string;
  readonly reason: 'dead-letter' | 'failing';
  readonly since: number;
  readonly lastStatus: number | null;
  readonly lastDetail: string | null;
  readonly openedAt: number;
  readonly notifiedAt: number | null;
  readonly recoveredAt: number | null;
  readonly recoveryNotifiedAt: number | null;
}

const INCIDENT_COLUMNS = `id, destination, alert_to, reason, epoch_ms(since), last_status, last_detail,
  epoch_ms(opened_at), epoch_ms(notified_at), epoch_ms(recovered_at), epoch_ms(recovery_notified_at)`;

const num = (value: DuckDBValue | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

export async function destinationState(
  conn: DuckDBConnection,
  destination: string,
): Promise<DestinationState> {
  const reader = await conn.runAndReadAll(
    `SELECT epoch_ms(max(delivered_at)), epoch_ms(max(updated_at) FILTER (WHERE status = 'dead')),
       epoch_ms(min(created_at) FILTER (WHERE status = 'pending' AND attempts > 0)),
       count(*) FILTER (WHERE status = 'dead'), count(*) FILTER (WHERE status = 'pending'),
       arg_max_null(last_status, updated_at) FILTER (WHERE ${FAILED}),
       arg_max_null(last_detail, updated_at) FILTER (WHERE ${FAILED})
     FROM deliveries WHERE destination = $1`,
    [destination],
  );
  const [success, dead, failing, deadLetters, pending, status, detail] = reader.getRows()[0] ?? [];
  return {
    lastSuccessAt: num(success),
    lastDeadAt: num(dead),
    failingSince: num(failing),
    deadLetters: num(deadLetters) ?? 0,
    pending: num(pending) ?? 0,
    lastStatus: num(status),
    lastDetail: detail === null || detail === undefined ? null : String(detail),
  };
}

/** The latest incident of a destination (open or not), or null. */
export async function latestIncident(conn: DuckDBConnection, destination: string): Promise<Incident | null> {
  const [incident] = await incidents(
    conn,
    `WHERE destination = $1 ORDER BY opened_at DESC, id DESC LIMIT 1`,
    [destination],
  );
  return incident ?? null;
}

/** Incidents with a notice still to send: not yet announced, or recovered and not yet said so. */
export function unannounced(conn: DuckDBConnection): Promise<Incident[]> {
  return incidents(
    conn,
    `WHERE notified_at IS NULL OR (recovered_at IS NOT NULL AND recovery_notified_at IS NULL) ORDER BY opened_at`,
    [],
  );
}

export async function openIncident(
  conn: DuckDBConnection,
  incident: Omit<Incident, 'id' | 'notifiedAt' | 'recoveredAt' | 'recoveryNotifiedAt'>,
): Promise<void> {
  await conn.run(
    `INSERT INTO delivery_incidents (id, destination, alert_to, reason, since, last_status, last_detail, opened_at)
     VALUES ($1, $2, $3, $4, ${AT(5)}, $6, $7, ${AT(8)})`,
    [
      `inc_${randomBytes(8).toString('hex')}`,
      incident.destination,
      incident.alertTo,
      incident.reason,
      incident.since,
      incident.lastStatus,
      incident.lastDetail,
      incident.openedAt,
    ],
  );
}

export async function setIncidentTime(
  conn: DuckDBConnection,
  id: string,
  column: 'notified_at' | 'recovered_at' | 'recovery_notified_at',
  at: number,
): Promise<void> {
  await conn.run(`UPDATE delivery_incidents SET ${column} = ${AT(2)} WHERE id = $1`, [id, at]);
}

async function incidents(conn: DuckDBConnection, where: string, params: DuckDBValue[]): Promise<Incident[]> {
  const reader = await conn.runAndReadAll(
    `SELECT ${INCIDENT_COLUMNS} FROM delivery_incidents ${where}`,
    params,
  );
  return reader.getRows().map((row) => {
    const [id, destination, alertTo, reason, since, lastStatus, lastDetail, openedAt] = row;
    const [notifiedAt, recoveredAt, recoveryNotifiedAt] = row.slice(8).map(num);
    return {
      id: String(id),
      destination: String(destination),
      alertTo: String(alertTo),
      reason: reason === 'dead-letter' ? 'dead-letter' : 'failing',
      since: Number(since),
      lastStatus: num(lastStatus),
      lastDetail: lastDetail === null || lastDetail === undefined ? null : String(lastDetail),
      openedAt: Number(openedAt),
      notifiedAt: notifiedAt ?? null,
      recoveredAt: recoveredAt ?? null,
      recoveryNotifiedAt: recoveryNotifiedAt ?? null,
    };
  });
}
