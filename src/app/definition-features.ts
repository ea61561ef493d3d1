/**
 * The current definition's own signals, and its score, as of each row's decision time, through the
 * SQL compiler (the same query `kindling score` runs). The compiler takes one `as_of`, so rows are
 * grouped by decision time (whole days, unless decided at first sight) and the query runs once per
 * distinct time — over views restricted to the neighbourhood of that group's entities (their keys,
 * links, memberships and traits, as read-dataset.ts reads one entity, and a copy of their events
 * made once for all groups), so each run reads a small slice of the store
 * instead of all of it. With e-mail-domain accounts the neighbourhood is not known in advance and
 * every run reads the whole store.
 *
 * A signal that reads an excluded event or trait (or every event, when some are excluded) is left
 * out of the candidates; the current score is still the definition's own, for comparison.
 */
import type { DefinitionIR, Signal } from '../definition/ir.ts';
import type { FeatureColumn } from '../learn/feature-matrix.ts';
import type { CurrentTiers } from '../learn/propose-tiers.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import { tierRank } from '../realtime/tier-transition.ts';
import { FREE_EMAIL_DOMAINS } from '../score/reference/free-email.ts';
import { loadFreeEmailDomains } from '../sql/load-dataset.ts';
import { SCORING_TABLES, type TableNames } from '../sql/schema.ts';
import { scoreWithSql } from '../sql/score-with-sql.ts';
import type { CalibrationSession } from './calibration-session.ts';

export interface DefinitionFeatureRequest {
  readonly workspaceId: string;
  readonly ir: DefinitionIR;
  readonly options: EvaluationOptions;
  readonly excludeEvents: readonly string[];
  readonly excludeTraits: readonly string[];
  /** Qualified = this tier or higher, or a hand-raiser. Null: the definition's default (see pqlTierOf). */
  readonly pqlTier: string | null;
}

export interface DefinitionFeatures {
  readonly features: FeatureColumn[];
  readonly leftOut: { readonly signal: string; readonly reason: string }[];
  readonly scores: Float64Array;
  readonly qualified: Uint8Array;
  readonly gatePassed: Uint8Array;
  readonly multiplierPercent: Float64Array;
  /** How many compiled queries ran (one per distinct decision time). */
  readonly runs: number;
  readonly pqlTier: string | null;
}

export interface DefinitionFeatureError {
  readonly code: string;
  readonly message: string;
}

/** The PQL line of the current definition: `hot` when it has one, else its lowest tier above 0. */
export function pqlTierOf(
  ir: DefinitionIR,
  requested: string | null,
): Result<string | null, DefinitionFeatureError> {
  if (requested !== null) {
    if (ir.tiers.some((tier) => tier.name === requested)) return ok(requested);
    const names = ir.tiers.map((tier) => tier.name).join(', ') || 'none';
    return err({ code: 'unknown-tier', message: `no tier "${requested}" in ${ir.name} (tiers: ${names})` });
  }
  if (ir.tiers.some((tier) => tier.name === 'hot')) return ok('hot');
  return ok(ir.tiers.find((tier) => tier.min > 0)?.name ?? null);
}

/**
 * The current tiers a proposal keeps (routing and destinations refer to them by name), with the PQL
 * line; undefined when the definition has no tier above 0 or the requested tier is unknown (the
 * feature read reports that).
 */
export function currentTiersOf(ir: DefinitionIR, requested: string | null): CurrentTiers | undefined {
  const pql = pqlTierOf(ir, requested);
  return !pql.ok || pql.value === null ? undefined : { tiers: ir.tiers, pqlTier: pql.value };
}

/** `entityIds` and `decisionTimes` in the order of `cal_entities`. */
export async function definitionFeatures(
  session: CalibrationSession,
  request: DefinitionFeatureRequest,
  entityIds: readonly string[],
  decisionTimes: Float64Array,
): Promise<Result<DefinitionFeatures, DefinitionFeatureError>> {
  const { ir } = request;
  const pql = pqlTierOf(ir, request.pqlTier);
  if (!pql.ok) return pql;
  const n = entityIds.length;
  const rowOf = new Map(entityIds.map((id, i) => [id, i] as const));
  const leftOut: DefinitionFeatures['leftOut'] = [];
  const used = ir.signals.filter((signal) => {
    if (signal.inline) return false;
    const reason = exclusionReason(ir, signal, request);
    if (reason !== null) leftOut.push({ signal: signal.name, reason });
    return reason === null;
  });
  const columns = used.map(() => new Float64Array(n));
  const scores = new Float64Array(n);
  const qualified = new Uint8Array(n);
  const gatePassed = new Uint8Array(n).fill(1);
  const multiplierPercent = new Float64Array(n).fill(100);
  const pqlRank = pql.value === null ? Number.POSITIVE_INFINITY : tierRank(ir, pql.value);

  const { driver } = session;
  const partitioned = !request.options.domainAccounts;
  if (partitioned) await partitionNeighbourhoods(session, request);
  else await loadFreeEmailDomains(driver, FREE_EMAIL_DOMAINS);
  const times = [...new Set(decisionTimes)].sort((a, b) => a - b);
  for (const asOf of times) {
    const tables = partitioned ? await batchViews(session, request, asOf) : null;
    const scored = await scoreWithSql(driver, ir, {
      asOf,
      workspaceId: request.workspaceId,
      options: request.options,
      ...(tables === null ? {} : { tables }),
    });
    if (!scored.ok) return err({ code: scored.error.code, message: scored.error.message });
    for (const score of scored.value) {
      const row = rowOf.get(score.entityId);
      if (row === undefined || decisionTimes[row] !== asOf) continue;
      used.forEach((signal, j) => {
        const column = columns[j];
        if (column !== undefined) column[row] = score.signals[signal.name]?.holds === true ? 1 : 0;
      });
      scores[row] = score.score;
      qualified[row] = score.handRaiser || tierRank(ir, score.tier) >= pqlRank ? 1 : 0;
      gatePassed[row] = Object.values(score.gates).every(Boolean) ? 1 : 0;
      multiplierPercent[row] = score.multiplierPercent;
    }
  }
  const features = used.map(
    (signal, j): FeatureColumn => ({
      name: signal.name,
      label: signal.label,
      kind: 'boolean',
      values: columns[j] ?? new Float64Array(n),
    }),
  );
  return ok({
    features,
    leftOut,
    scores,
    qualified,
    gatePassed,
    multiplierPercent,
    runs: times.length,
    pqlTier: pql.value,
  });
}

/** Why a signal cannot be a candidate under the exclusions (null: it can). */
function exclusionReason(ir: DefinitionIR, signal: Signal, request: DefinitionFeatureRequest): string | null {
  const byName = new Map(ir.signals.map((s) => [s.name, s] as const));
  const visit = (s: Signal | undefined): string | null => {
    if (s === undefined) return null;
    switch (s.kind) {
      case 'aggregate':
        if (s.event === null)
          return request.excludeEvents.length > 0 ? 'counts every event, excluded ones too' : null;
        return request.excludeEvents.includes(s.event) ? `reads the excluded event "${s.event}"` : null;
      case 'trait':
        return request.excludeTraits.includes(s.trait) ? `reads the excluded trait "${s.trait}"` : null;
      case 'last_seen':
      case 'first_seen':
        return request.excludeEvents.length > 0 ? 'reads every event, excluded ones too' : null;
      case 'not':
        return visit(byName.get(s.item));
      default:
        for (const item of s.items) {
          const reason = visit(byName.get(item));
          if (reason !== null) return reason;
        }
        return null;
    }
  };
  return visit(signal);
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Once for all groups (a group = the rows sharing one decision time, `batch` = that time):
 * `cal_nb_keys(batch, entity_key)` the keys whose messages can change a group entity's score — a
 * user's own id and every key linked to it; an account's member keys, the users they resolve to and
 * every key linked to those; `cal_nb_link_keys` those plus the keys of events tagged with the
 * account (for its distinct users); `cal_nb_events` a copy of those keys' events at or before the
 * group's time (and, for accounts, the events tagged with it), each once per group, so that a run
 * reads one group's events instead of the whole store.
 */
async function partitionNeighbourhoods(
  session: CalibrationSession,
  request: DefinitionFeatureRequest,
): Promise<void> {
  const ws = (alias: string) => `${alias}.workspace_id = ${literal(request.workspaceId)}`;
  const ms = session.client.sql.ms;
  const accounts = request.ir.entity === 'account';
  const keys = accounts
    ? `WITH member_keys AS (
         SELECT DISTINCT e.decision_ms AS batch, m.user_key AS entity_key FROM cal_entities e
         JOIN memberships m ON ${ws('m')} AND m.group_id = e.entity_id),
       members AS (
         SELECT batch, entity_key FROM member_keys
         UNION SELECT mk.batch, l.user_id FROM member_keys mk JOIN identity_links l ON ${ws('l')} AND l.from_id = mk.entity_key)
       SELECT batch, entity_key FROM members
       UNION SELECT m.batch, l.from_id FROM members m JOIN identity_links l ON ${ws('l')} AND l.user_id = m.entity_key`
    : `SELECT decision_ms AS batch, entity_id AS entity_key FROM cal_entities
       UNION SELECT e.decision_ms, l.from_id FROM cal_entities e JOIN identity_links l ON ${ws('l')} AND l.user_id = e.entity_id`;
  await session.table('cal_nb_keys', keys);
  const tagged = `SELECT e.decision_ms AS batch, ev.seq, coalesce(ev.user_id, ev.anonymous_id) AS entity_key
    FROM cal_entities e JOIN events ev ON ${ws('ev')} AND ev.group_id = e.entity_id AND ${ms('ev.ts')} <= e.decision_ms`;
  await session.table(
    'cal_nb_link_keys',
    `SELECT batch, entity_key FROM cal_nb_keys
    ${accounts ? `UNION SELECT batch, entity_key FROM (${tagged}) t WHERE entity_key IS NOT NULL` : ''}`,
  );
  await session.table(
    'cal_nb_seq',
    `SELECT k.batch, ev.seq FROM cal_nb_keys k
    JOIN events ev ON ${ws('ev')} AND coalesce(ev.user_id, ev.anonymous_id) = k.entity_key AND ${ms('ev.ts')} <= k.batch
    ${accounts ? `UNION SELECT batch, seq FROM (${tagged}) t` : ''}`,
  );
  await session.table(
    'cal_nb_events',
    `SELECT s.batch, ${EVENT_COLUMNS.map((column) => `ev.${column}`).join(', ')}
    FROM cal_nb_seq s JOIN events ev ON ${ws('ev')} AND ev.seq = s.seq`,
  );
}

/** The columns of the scoring schema's events table, the ones the compiler may read. */
const EVENT_COLUMNS = SCORING_TABLES.events.columns.map((column) => column.name);

/** Views over one group's neighbourhood, named for the compiler's `tables` option. */
async function batchViews(
  session: CalibrationSession,
  request: DefinitionFeatureRequest,
  batch: number,
): Promise<Partial<TableNames>> {
  const ws = `workspace_id = ${literal(request.workspaceId)}`;
  const keys = (table: string) => `(SELECT entity_key FROM ${table} WHERE batch = ${batch})`;
  const group = `(SELECT entity_id FROM cal_entities WHERE decision_ms = ${batch})`;
  await session.view(
    'cal_nb_events_now',
    `SELECT ${EVENT_COLUMNS.join(', ')} FROM cal_nb_events WHERE batch = ${batch}`,
  );
  await session.view(
    'cal_nb_links_now',
    `SELECT * FROM identity_links WHERE ${ws} AND from_id IN ${keys('cal_nb_link_keys')}`,
  );
  await session.view(
    'cal_nb_memberships_now',
    `SELECT * FROM memberships WHERE ${ws} AND (group_id IN ${group} OR user_key IN ${keys('cal_nb_keys')})`,
  );
  await session.view(
    'cal_nb_traits_now',
    `SELECT * FROM traits WHERE ${ws}
      AND ((entity_type = 'user' AND entity_id IN ${keys('cal_nb_keys')}) OR (entity_type = 'account' AND entity_id IN ${group}))`,
  );
  return {
    events: 'cal_nb_events_now',
    identityLinks: 'cal_nb_links_now',
    memberships: 'cal_nb_memberships_now',
    traits: 'cal_nb_traits_now',
  };
}
