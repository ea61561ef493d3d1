/**
 * Everything the lead page shows about one entity: who it is, its lead row, the receipt as of now
 * (the reference evaluator over the entity's neighbourhood, as `kindling explain`), its
 * qualifications, the alerts' deliveries, its outcomes, and a timeline of events and traits.
 */
import type { JsonValue } from '../lib/json.ts';
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import type { Dataset, EntityType, EvaluationOptions } from '../model/dataset.ts';
import { entityContact } from '../realtime/entity-contact.ts';
import { describeSignal, eventPhrase, signalBehaviour } from '../score/explain/describe-signal.ts';
import { explainEntity, renderReceipt } from '../score/explain/index.ts';
import { findLead } from './lead-list.ts';
import type { LeadDetail, TimelineItem } from './lead-types.ts';
import type { WorkspaceDefinition } from './workspace-definition.ts';

const TIMELINE_EVENTS = 150;
const TIMELINE_TRAITS = 50;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Reads stored data back as a `Dataset`: one entity's neighbourhood, or the whole workspace. */
export type DatasetReader = (
  workspaceId: string,
  scope:
    | { readonly kind: 'workspace' }
    | { readonly kind: 'entity'; readonly type: EntityType; readonly id: string },
) => Promise<Dataset>;

/** What the lead page reads through: the database, and the store's reading of a `Dataset`. */
export interface LeadReads {
  readonly db: SqlClient;
  readonly dataset: DatasetReader;
}

/** The data an entity's score depends on (the whole workspace for a `domain:` account). */
export function entityDataset(
  read: DatasetReader,
  ws: string,
  type: EntityType,
  id: string,
  options: EvaluationOptions,
): Promise<Dataset> {
  const whole = options.domainAccounts && type === 'account' && id.startsWith('domain:');
  return read(ws, whole ? { kind: 'workspace' } : { kind: 'entity', type, id });
}

interface QualificationRow extends SqlRow {
  readonly id: string;
  readonly kind: string;
  readonly tier: string | null;
  readonly previous_tier: string | null;
  readonly score: number;
  readonly as_of: number;
  readonly status: string;
  readonly reason: string | null;
  readonly rule: string | null;
  readonly owner: string | null;
  readonly sla_due_at: number | null;
  readonly trigger_event: string | null;
  readonly definition_name: string;
  readonly definition_version: string;
  readonly shadow: boolean;
  readonly trigger_at: number | null;
}

interface DeliveryRow extends SqlRow {
  readonly id: string;
  readonly alert_id: string;
  readonly destination: string;
  readonly status: string;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly last_detail: string | null;
  readonly created_at: number;
  readonly delivered_at: number | null;
  readonly next_attempt_at: number | null;
}

interface OutcomeRow extends SqlRow {
  readonly type: string;
  readonly amount: number | null;
  readonly owner: string | null;
  readonly ts: number;
  readonly source: string;
}

export async function leadDetail(
  reads: LeadReads,
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
  const { db } = reads;
  const data = await entityDataset(reads.dataset, ws, type, id, input.options);
  const lead = await findLead(db, ws, type, id, now);
  const known = data.events.length + data.traits.length + data.memberships.length > 0;
  if (!known && lead === null) return null;

  const contact = entityContact(data, type, id);
  const ir = input.definition?.ir;
  const receipt =
    ir !== undefined && ir.entity === type ? explainEntity(ir, data, id, now, input.options) : null;
  const key = [ws, type, id];
  const ofEntity = 'workspace_id = $1 AND entity_type = $2 AND entity_id = $3';
  const qualifications = await db.query<QualificationRow>(
    `SELECT id, kind, tier, previous_tier, score, as_of, status, reason, rule, owner, sla_due_at,
       trigger_event, definition_name, definition_version, shadow, trigger_at
     FROM qualifications WHERE ${ofEntity} ORDER BY seq DESC LIMIT 50`,
    key,
  );
  const deliveries = await db.query<DeliveryRow>(
    `SELECT id, alert_id, destination, status, attempts, last_status, last_detail, created_at,
       delivered_at, next_attempt_at
     FROM deliveries WHERE ${ofEntity} ORDER BY seq DESC LIMIT 100`,
    key,
  );
  const outcomes = await db.query<OutcomeRow>(
    `SELECT type, amount, owner, ts, source FROM outcomes
     WHERE ${ofEntity} ORDER BY ts DESC, seq DESC LIMIT 100`,
    key,
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
      id: r.id,
      kind: r.kind,
      tier: r.tier,
      previousTier: r.previous_tier,
      score: r.score,
      asOf: iso(r.as_of) ?? '',
      status: r.status,
      reason: r.reason,
      rule: r.rule,
      owner: r.owner,
      slaDueAt: iso(r.sla_due_at),
      trigger: r.trigger_event,
      triggerText: r.trigger_event === null ? null : triggerText(data, r.trigger_event, r.trigger_at),
      definition: r.definition_name,
      version: r.definition_version,
      shadow: r.shadow,
    })),
    deliveries: deliveries.map((r) => ({
      id: r.id,
      qualificationId: r.alert_id,
      destination: r.destination,
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastDetail: r.last_detail,
      createdAt: iso(r.created_at) ?? '',
      deliveredAt: iso(r.delivered_at),
      nextAttemptAt: iso(r.next_attempt_at),
    })),
    outcomes: outcomes.map((r) => ({
      type: r.type,
      amount: r.amount,
      owner: r.owner,
      at: iso(r.ts) ?? '',
      source: r.source,
    })),
    timeline: timeline(data, now),
    eventCount: data.events.length,
  };
}

/**
 * The trigger in words ("viewing the pricing page", "a page view", "Demo Requested"): the stored
 * event at the trigger's instant gives a page call its page; `$page` itself is never shown.
 */
function triggerText(data: Dataset, event: string, at: number | null): string {
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
