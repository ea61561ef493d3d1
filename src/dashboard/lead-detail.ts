/**
 * Everything the lead page shows about one entity: who it is, its lead row, the receipt as of now
 * (the reference evaluator over the entity's neighbourhood, as `kindling explain`), its
 * qualifications, the alerts' deliveries, its outcomes, and a timeline of events and traits.
 */
import { type DuckDBConnection, VARCHAR } from '@duckdb/node-api';
import type { JsonValue } from '../lib/json.ts';
import type { Dataset, EntityType, EvaluationOptions } from '../model/dataset.ts';
import { entityContact } from '../realtime/entity-contact.ts';
import { describeSignal, eventPhrase, signalBehaviour } from '../score/explain/describe-signal.ts';
import { explainEntity, renderReceipt } from '../score/explain/index.ts';
import { queryRows } from '../store/duckdb/cells.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';
import { readDataset } from '../store/read-dataset.ts';
import { findLead } from './lead-list.ts';
import type { LeadDetail, TimelineItem } from './lead-types.ts';
import type { WorkspaceDefinition } from './workspace-definition.ts';

const TIMELINE_EVENTS = 150;
const TIMELINE_TRAITS = 50;

const iso = (cell: unknown): string | null =>
  cell === null || cell === undefined ? null : new Date(Number(cell)).toISOString();
const textOrNull = (cell: unknown): string | null =>
  cell === null || cell === undefined ? null : String(cell);

/** The data an entity's score depends on (the whole workspace for a `domain:` account). */
export function entityDataset(
  conn: DuckDBConnection,
  ws: string,
  type: EntityType,
  id: string,
  options: EvaluationOptions,
): Promise<Dataset> {
  const whole = options.domainAccounts && type === 'account' && id.startsWith('domain:');
  return readDataset(
    new DuckDbClient(conn),
    ws,
    whole ? { kind: 'workspace' } : { kind: 'entity', type, id },
  );
}

export async function leadDetail(
  conn: DuckDBConnection,
  input: {
    readonly workspaceId: string;
    readonly entityType: EntityType;
    readonly entityId: string;
    readonly definition: WorkspaceDefinition | null;
    readonly options: EvaluationOptions;
    readonly now: number;
  },
): Promise<LeadDetail | null> {
  const { workspaceId: ws, entityType: type, entityId: id, now } = input;
  const data = await entityDataset(conn, ws, type, id, input.options);
  const lead = await findLead(conn, ws, type, id, now);
  const known = data.events.length + data.traits.length + data.memberships.length > 0;
  if (!known && lead === null) return null;

  const contact = entityContact(data, type, id);
  const ir = input.definition?.ir;
  const receipt =
    ir !== undefined && ir.entity === type ? explainEntity(ir, data, id, now, input.options) : null;
  const key = [ws, type, id];
  const keyTypes = [VARCHAR, VARCHAR, VARCHAR];
  const qualifications = await queryRows(
    conn,
    `SELECT id, kind, tier, previous_tier, score, epoch_ms(as_of), status, reason, rule, owner, epoch_ms(sla_due_at),
       trigger_event, definition_name, definition_version, shadow, epoch_ms(trigger_at)
     FROM qualifications WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY seq DESC LIMIT 50`,
    key,
    keyTypes,
  );
  const deliveries = await queryRows(
    conn,
    `SELECT id, alert_id, destination, status, attempts, last_status, last_detail, epoch_ms(created_at),
       epoch_ms(delivered_at), epoch_ms(next_attempt_at)
     FROM deliveries WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY seq DESC LIMIT 100`,
    key,
    keyTypes,
  );
  const outcomes = await queryRows(
    conn,
    `SELECT type, amount, owner, epoch_ms(ts), source FROM outcomes
     WHERE workspace_id = $1 AND entity_type = $2 AND entity_id = $3 ORDER BY ts DESC, seq DESC LIMIT 100`,
    key,
    keyTypes,
  );
  return {
    entityType: type,
    entityId: id,
    name: contact.name,
    company: contact.company,
    email: contact.email,
    traits: contact.traits,
    lead,
    definition:
      input.definition === null
        ? null
        : { name: input.definition.ir.name, version: input.definition.version },
    receipt,
    receiptText: receipt === null ? null : renderReceipt(receipt, now),
    signalTexts: Object.fromEntries(
      (receipt?.signals ?? []).map((signal) => [signal.name, describeSignal(signal, now)]),
    ),
    signalLabels: Object.fromEntries(
      (receipt?.signals ?? []).map((signal) => [signal.name, signalBehaviour(signal)]),
    ),
    qualifications: qualifications.map((r) => ({
      id: String(r[0]),
      kind: String(r[1]),
      tier: textOrNull(r[2]),
      previousTier: textOrNull(r[3]),
      score: Number(r[4]),
      asOf: iso(r[5]) ?? '',
      status: String(r[6]),
      reason: textOrNull(r[7]),
      rule: textOrNull(r[8]),
      owner: textOrNull(r[9]),
      slaDueAt: iso(r[10]),
      trigger: textOrNull(r[11]),
      triggerText: r[11] === null || r[11] === undefined ? null : triggerText(data, String(r[11]), r[15]),
      definition: String(r[12]),
      version: String(r[13]),
      shadow: r[14] === true,
    })),
    deliveries: deliveries.map((r) => ({
      id: String(r[0]),
      qualificationId: String(r[1]),
      destination: String(r[2]),
      status: String(r[3]),
      attempts: Number(r[4]),
      lastStatus: r[5] === null ? null : Number(r[5]),
      lastDetail: textOrNull(r[6]),
      createdAt: iso(r[7]) ?? '',
      deliveredAt: iso(r[8]),
      nextAttemptAt: iso(r[9]),
    })),
    outcomes: outcomes.map((r) => ({
      type: String(r[0]),
      amount: r[1] === null ? null : Number(r[1]),
      owner: textOrNull(r[2]),
      at: iso(r[3]) ?? '',
      source: String(r[4]),
    })),
    timeline: timeline(data, now),
    eventCount: data.events.length,
  };
}

/**
 * The trigger in words ("viewing the pricing page", "a page view", "Demo Requested"): the stored
 * event at the trigger's instant gives a page call its page; `$page` itself is never shown.
 */
function triggerText(data: Dataset, event: string, atCell: unknown): string {
  const at = atCell === null || atCell === undefined ? null : Number(atCell);
  const stored = data.events.find((e) => e.event === event && e.timestamp === at);
  return eventPhrase(event, stored?.properties ?? {});
}

/** Page and screen calls are stored as `$page` and `$screen`; the timeline says what they are. */
const TIMELINE_TITLES: Readonly<Record<string, string>> = { $page: 'Page view', $screen: 'Screen view' };

function shortValue(value: JsonValue): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Newest first: the latest events (with a few properties) and trait writes, up to now. */
export function timeline(data: Dataset, now: number): TimelineItem[] {
  const events = [...data.events]
    .filter((e) => e.timestamp <= now)
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, TIMELINE_EVENTS)
    .map(
      (e): TimelineItem => ({
        at: new Date(e.timestamp).toISOString(),
        kind: 'event',
        title: TIMELINE_TITLES[e.event ?? ''] ?? e.event ?? e.type,
        who: e.userId ?? e.anonymousId,
        detail: Object.entries(e.properties)
          .slice(0, 4)
          .map(([k, v]) => `${k}=${shortValue(v)}`)
          .join(', '),
      }),
    );
  const traits = data.traits
    .filter((t) => t.timestamp !== null && t.timestamp <= now)
    .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0) || b.seq - a.seq)
    .slice(0, TIMELINE_TRAITS)
    .map(
      (t): TimelineItem => ({
        at: new Date(t.timestamp ?? 0).toISOString(),
        kind: 'trait',
        title: t.key,
        who: `${t.entityType} ${t.entityId}`,
        detail: shortValue(t.value),
      }),
    );
  return [...events, ...traits].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
