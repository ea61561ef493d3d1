/**
 * The `delivery_incidents` table and what the failure monitor reads of `deliveries`: one
 * destination's recent health, its open incident, and which notices are still to be sent.
 */

import { randomBytes } from 'node:crypto';
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';
import { latestFailures } from './failing-deliveries.ts';

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
  /** The destination told. */
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

interface StateRow extends SqlRow {
  readonly last_success_at: number | null;
  readonly last_dead_at: number | null;
  readonly failing_since: number | null;
  readonly dead_letters: number;
  readonly pending: number;
  readonly last_status: number | null;
  readonly last_detail: string | null;
}

interface IncidentRow extends SqlRow {
  readonly id: string;
  readonly destination: string;
  readonly alert_to: string;
  readonly reason: string;
  readonly since: number;
  readonly last_status: number | null;
  readonly last_detail: string | null;
  readonly opened_at: number;
  readonly notified_at: number | null;
  readonly recovered_at: number | null;
  readonly recovery_notified_at: number | null;
}

const INCIDENT_COLUMNS = `id, destination, alert_to, reason, since, last_status, last_detail, opened_at,
  notified_at, recovered_at, recovery_notified_at`;

export async function destinationState(db: SqlClient, destination: string): Promise<DestinationState> {
  const [row] = await db.query<StateRow>(
    `SELECT totals.last_success_at, totals.last_dead_at, totals.failing_since, totals.dead_letters,
       totals.pending, latest.last_status, latest.last_detail
     FROM (
       SELECT max(delivered_at) AS last_success_at,
         max(updated_at) FILTER (WHERE status = 'dead') AS last_dead_at,
         min(created_at) FILTER (WHERE status = 'pending' AND attempts > 0) AS failing_since,
         count(*) FILTER (WHERE status = 'dead') AS dead_letters,
         count(*) FILTER (WHERE status = 'pending') AS pending
       FROM deliveries WHERE destination = $1
     ) AS totals LEFT JOIN ${latestFailures('destination = $1')} AS latest ON true`,
    [destination],
  );
  return {
    lastSuccessAt: row?.last_success_at ?? null,
    lastDeadAt: row?.last_dead_at ?? null,
    failingSince: row?.failing_since ?? null,
    deadLetters: row?.dead_letters ?? 0,
    pending: row?.pending ?? 0,
    lastStatus: row?.last_status ?? null,
    lastDetail: row?.last_detail ?? null,
  };
}

/** The latest incident of a destination (open or not), or null. */
export async function latestIncident(db: SqlClient, destination: string): Promise<Incident | null> {
  const [incident] = await incidents(db, `WHERE destination = $1 ORDER BY opened_at DESC, id DESC LIMIT 1`, [
    destination,
  ]);
  return incident ?? null;
}

/** Incidents with a notice still to send: not yet announced, or recovered and not yet said so. */
export function unannounced(db: SqlClient): Promise<Incident[]> {
  return incidents(
    db,
    `WHERE notified_at IS NULL OR (recovered_at IS NOT NULL AND recovery_notified_at IS NULL) ORDER BY opened_at`,
    [],
  );
}

export async function openIncident(
  db: SqlClient,
  incident: Omit<Incident, 'id' | 'notifiedAt' | 'recoveredAt' | 'recoveryNotifiedAt'>,
): Promise<void> {
  await db.run(
    `INSERT INTO delivery_incidents (id, destination, alert_to, reason, since, last_status, last_detail, opened_at)
     VALUES ($1, $2, $3, $4, ${db.sql.at(5)}, $6, $7, ${db.sql.at(8)})`,
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
  db: SqlClient,
  id: string,
  column: 'notified_at' | 'recovered_at' | 'recovery_notified_at',
  at: number,
): Promise<void> {
  await db.run(`UPDATE delivery_incidents SET ${column} = ${db.sql.at(2)} WHERE id = $1`, [id, at]);
}

async function incidents(db: SqlClient, where: string, params: SqlParam[]): Promise<Incident[]> {
  const rows = await db.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM delivery_incidents ${where}`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    destination: row.destination,
    alertTo: row.alert_to,
    reason: row.reason === 'dead-letter' ? 'dead-letter' : 'failing',
    since: row.since,
    lastStatus: row.last_status,
    lastDetail: row.last_detail,
    openedAt: row.opened_at,
    notifiedAt: row.notified_at,
    recoveredAt: row.recovered_at,
    recoveryNotifiedAt: row.recovery_notified_at,
  }));
}
