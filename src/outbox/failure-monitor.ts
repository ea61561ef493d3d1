/**
 * Delivery failure alerts (`on_failure:` on a destination; docs/outbox.md). Each check reads the
 * outbox: a destination with a new dead letter, or whose deliveries have failed for `after` with no
 * success, opens an incident, and the `alert` destination is told once; the first success after that
 * closes it, and it is told once more. Incidents and the notices sent are rows of
 * `delivery_incidents`, so a restart neither repeats a notice nor forgets one still to send (a
 * notice that fails is tried again at the next check).
 */
import type { DeliveryNotice } from '../deliver/delivery-notice.ts';
import { type Destination, isNoticeDestination } from '../deliver/destination.ts';
import type { DestinationsConfig } from '../deliver/destinations/config-schema.ts';
import { failureDurationMs } from '../deliver/destinations/failure-alert-config.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import {
  type DestinationState,
  destinationState,
  type Incident,
  latestIncident,
  openIncident,
  setIncidentTime,
  unannounced,
} from './delivery-incidents.ts';

export interface FailureWatch {
  /** The destination told. */
  readonly alert: string;
  readonly afterMs: number;
}

/** Watched destination → its `on_failure`, from kindling.yml's destinations. */
export function failureWatches(configs: DestinationsConfig): ReadonlyMap<string, FailureWatch> {
  const watches = new Map<string, FailureWatch>();
  for (const [name, config] of Object.entries(configs)) {
    const onFailure = config.on_failure;
    if (onFailure !== undefined) {
      watches.set(name, { alert: onFailure.alert, afterMs: failureDurationMs(onFailure.after) });
    }
  }
  return watches;
}

export interface FailureMonitorOptions {
  /** A session of its own (`store.database.session()`). */
  readonly db: SqlClient;
  readonly destinations: ReadonlyMap<string, Destination>;
  readonly watches: ReadonlyMap<string, FailureWatch>;
  readonly now: () => number;
  /** A notice that could not be sent, or a bug; the monitor carries on. */
  readonly onError: (message: string, detail: Record<string, unknown>) => void;
}

export interface FailureMonitor {
  /** One look at every watched destination, then the notices still to send. */
  check(): Promise<void>;
}

export function createFailureMonitor(options: FailureMonitorOptions): FailureMonitor {
  const { db, destinations, watches, now, onError } = options;
  // Dead letters older than this, from before the server started, are not announced as new.
  const startedAt = now();

  async function look(name: string, watch: FailureWatch): Promise<void> {
    const state = await destinationState(db, name);
    const latest = await latestIncident(db, name);
    const time = now();
    if (latest !== null && latest.recoveredAt === null) {
      if (state.lastSuccessAt !== null && state.lastSuccessAt > latest.openedAt) {
        await setIncidentTime(db, latest.id, 'recovered_at', state.lastSuccessAt);
      }
      return;
    }
    const reason = incidentReason(
      state,
      watch,
      time,
      Math.max(latest?.recoveredAt ?? 0, startedAt - watch.afterMs),
    );
    if (reason === null) return;
    await openIncident(db, {
      destination: name,
      alertTo: watch.alert,
      reason,
      since: (reason === 'dead-letter' ? state.lastDeadAt : state.failingSince) ?? time,
      lastStatus: state.lastStatus,
      lastDetail: state.lastDetail,
      openedAt: time,
    });
  }

  async function announce(incident: Incident): Promise<void> {
    const target = destinations.get(incident.alertTo);
    if (target === undefined || !isNoticeDestination(target)) {
      onError('delivery failure alert not sent', {
        destination: incident.destination,
        alert: incident.alertTo,
        reason: 'that destination is not configured, or cannot send notices (slack, webhook or email can)',
      });
      return;
    }
    const kind = incident.notifiedAt === null ? 'failing' : 'recovered';
    const state = await destinationState(db, incident.destination);
    const notice = toNotice(incident, kind, state);
    const outcome = await target.sendNotice(notice, { idempotencyKey: notice.id, attempt: 1 });
    if (outcome.kind === 'delivered') {
      await setIncidentTime(
        db,
        incident.id,
        kind === 'failing' ? 'notified_at' : 'recovery_notified_at',
        now(),
      );
    } else {
      onError('delivery failure alert not sent; it is tried again at the next check', {
        destination: incident.destination,
        alert: incident.alertTo,
        outcome: outcome.detail,
      });
    }
  }

  return {
    async check() {
      for (const [name, watch] of watches) await look(name, watch);
      // The failing notice first: a recovery is only announced after it (one per check).
      for (const incident of await unannounced(db)) await announce(incident);
    },
  };
}

/** Why a destination with no open incident now has one, or null. */
function incidentReason(
  state: DestinationState,
  watch: FailureWatch,
  now: number,
  deadAfter: number,
): Incident['reason'] | null {
  if (state.lastDeadAt !== null && state.lastDeadAt > deadAfter) return 'dead-letter';
  const failedLong = state.failingSince !== null && now - state.failingSince >= watch.afterMs;
  const noSuccess = state.lastSuccessAt === null || now - state.lastSuccessAt >= watch.afterMs;
  return failedLong && noSuccess ? 'failing' : null;
}

function toNotice(incident: Incident, kind: DeliveryNotice['kind'], state: DestinationState): DeliveryNotice {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: `${incident.id}:${kind}`,
    kind,
    destination: incident.destination,
    reason: incident.reason,
    since: new Date(incident.since).toISOString(),
    recoveredAt: kind === 'recovered' ? iso(incident.recoveredAt) : null,
    lastStatus: incident.lastStatus,
    lastDetail: incident.lastDetail,
    deadLetters: state.deadLetters,
    pending: state.pending,
  };
}
