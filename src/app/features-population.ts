/**
 * Who calibration learns from, and as of when: every entity of one type with its first-seen time,
 * its decision time and its label, as temporary tables in the calibration's session
 * (calibration-session.ts), built set-based in SQL that runs on DuckDB and PostgreSQL alike.
 *
 * - `cal_first_links(from_id, user_id, ts)`: each key's earliest identity link (ties: smallest
 *   user id), as scoring resolves identity (docs/semantics.md).
 * - `cal_entities(entity_id, first_seen_ms, decision_ms, label)`: the rows (read back ordered by
 *   entity id, bytewise).
 * - `cal_keys(entity_id, entity_key, decision_ms)`: the user keys whose messages and
 *   traits belong to the entity **as of its decision time**: for a user, itself (unless already linked away) and every key linked to it
 *   one hop by then; for an account, the keys of its members by then.
 *
 * The decision time is strictly before every won/lost outcome of a row: entities already decided
 * by then are left out, so nothing learned can be later than the decision it informs.
 */
import type { SqlRow } from '../lib/sql-client.ts';
import { COUNTED_TYPES, type EntityType } from '../model/dataset.ts';
import type { CalibrationSession } from './calibration-session.ts';

export const DAY_MS = 86_400_000;

export interface DecisionRule {
  /**
   * Decide this long after the entity was first seen. 0: at the moment it was first seen (a lead
   * table row is decided when recorded). More: at the end (23:59:59.999 UTC) of the day on which
   * first seen + this falls, so entities are decided on whole days. Null: only `atMs`.
   */
  readonly afterMs: number | null;
  /** Decide at this time at the latest (every entity at once when `afterMs` is null). */
  readonly atMs: number | null;
  /**
   * `--decide-at "first <Event> + 7d"`: decide exactly (to the millisecond, no rounding to a day)
   * this long after the entity's first or last such event, or after it was first seen. Replaces
   * `afterMs`; an entity without the event is not decided (not a row). `atMs` still caps it.
   */
  readonly anchor?: DecisionAnchor;
}

export interface DecisionAnchor {
  readonly from: 'first-seen' | 'first' | 'last';
  /** The event's name (for `first` and `last`). */
  readonly event: string | null;
  readonly offsetMs: number;
}

export interface PopulationRequest {
  readonly workspaceId: string;
  readonly entityType: EntityType;
  readonly decision: DecisionRule;
  /** Converted only when the outcome is within this long after the decision; null: any time after. */
  readonly horizonMs: number | null;
  /** What counts as converted: `won`, another outcome stage, or `active after 90d` (see labelRule). */
  readonly label: string;
  /** Only entities with a won/lost outcome (a lead table); otherwise no outcome means not converted. */
  readonly onlyDecided: boolean;
}

/** How many entities were considered and why some are not rows (all counts of entities). */
export interface PopulationCounts {
  readonly entities: number;
  readonly rows: number;
  readonly converted: number;
  /** A won or lost outcome at or before the decision time: already decided, left out. */
  readonly decidedBeforeDecision: number;
  /** First seen after the fixed decision time, or never at a known time: nothing to decide on. */
  readonly notSeenByDecision: number;
  /** The decision time plus the horizon is later than the data: the label is not known yet. */
  readonly censored: number;
  /** No won/lost outcome (left out only for lead tables). */
  readonly withoutOutcome: number;
  /** Outcomes whose entity id is no entity of this type in the store. */
  readonly unmatchedOutcomes: number;
}

const counted = (alias: string): string =>
  `${alias}.type IN (${COUNTED_TYPES.map((type) => `'${type}'`).join(', ')})`;

interface CountRow extends SqlRow {
  readonly entities: number;
  readonly row_count: number;
  readonly converted: number;
  readonly decided_before: number;
  readonly not_seen: number;
  readonly censored: number;
  readonly without_outcome: number;
  readonly unmatched: number;
}

/** Builds the temporary tables in the calibration's session; returns the counts. */
export async function buildPopulation(
  session: CalibrationSession,
  request: PopulationRequest,
): Promise<PopulationCounts> {
  const ws = [request.workspaceId];
  const ms = (expression: string) => session.client.sql.ms(expression);
  await session.table(
    'cal_first_links',
    `SELECT from_id, user_id, ts_ms FROM (
      SELECT from_id, user_id, ${ms('ts')} AS ts_ms,
        row_number() OVER (PARTITION BY from_id ORDER BY ts, ${session.bytewise('user_id')}) AS link_rank
      FROM identity_links WHERE workspace_id = $1 AND from_id <> user_id) l
    WHERE link_rank = 1`,
    ws,
  );
  await session.table('cal_seen', seenSql(request.entityType, ms), ws);
  const anchor = request.decision.anchor;
  if (anchor === undefined) {
    await session.table(
      'cal_decided',
      `SELECT entity_id, first_seen_ms, ${decisionSql(request.decision)} AS decision_ms FROM cal_seen`,
    );
  } else {
    const anchorQuery = anchorSql(request.entityType, anchor, ms);
    await session.table(
      'cal_decided',
      `SELECT s.entity_id, s.first_seen_ms, ${capped(`CAST(a.anchor_ms + ${anchor.offsetMs} AS BIGINT)`, request.decision.atMs)} AS decision_ms
      FROM cal_seen s LEFT JOIN (${anchorQuery}) a USING (entity_id)`,
      anchorQuery.includes('$1') ? ws : [],
    );
  }
  const rule = labelRule(request.label);
  const types =
    rule.kind === 'outcome' ? rule.types.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ') : "''";
  await session.table(
    rule.kind === 'active-after' ? 'cal_outcome_closed' : 'cal_outcome_facts',
    `SELECT d.entity_id,
      min(${ms('o.ts')}) FILTER (WHERE o.type IN ('won', 'lost')) AS first_closed_ms,
      min(${ms('o.ts')}) FILTER (WHERE o.type IN (${types}) AND ${ms('o.ts')} > d.decision_ms) AS converted_ms
    FROM cal_decided d LEFT JOIN outcomes o
      ON o.workspace_id = $1 AND o.entity_type = '${request.entityType}' AND o.entity_id = d.entity_id
    GROUP BY d.entity_id`,
    ws,
  );
  if (rule.kind === 'active-after') {
    // Retention: converted when the entity is active again that long after it was first seen.
    await session.table(
      'cal_outcome_facts',
      `SELECT f.entity_id, f.first_closed_ms, min(a.ts_ms) AS converted_ms
      FROM cal_outcome_closed f JOIN cal_decided d USING (entity_id)
      LEFT JOIN (${activitySql(request.entityType, ms)}) a
        ON a.entity_id = f.entity_id AND a.ts_ms >= d.first_seen_ms + ${rule.afterMs} AND a.ts_ms > d.decision_ms
      GROUP BY f.entity_id, f.first_closed_ms`,
      ws,
    );
  }
  const [end] = await session.query<{ data_end: number }>(
    `SELECT greatest(
       (SELECT coalesce(max(${ms('ts')}), 0) FROM events WHERE workspace_id = $1),
       (SELECT coalesce(max(${ms('ts')}), 0) FROM outcomes WHERE workspace_id = $1)) AS data_end`,
    ws,
  );
  const dataEnd = end?.data_end ?? 0;
  const horizon = request.horizonMs;
  const why = `CASE
      WHEN d.decision_ms IS NULL OR d.first_seen_ms > d.decision_ms THEN 'not-seen'
      WHEN f.first_closed_ms IS NOT NULL AND f.first_closed_ms <= d.decision_ms THEN 'decided-before'
      WHEN ${request.onlyDecided ? 'f.first_closed_ms IS NULL' : 'FALSE'} THEN 'without-outcome'
      WHEN ${horizon === null ? 'FALSE' : `d.decision_ms + ${horizon} > ${dataEnd}`} THEN 'censored'
      WHEN ${rule.kind === 'active-after' ? `d.first_seen_ms + ${rule.afterMs} > ${dataEnd}` : 'FALSE'} THEN 'censored'
      ELSE 'row' END`;
  await session.table(
    'cal_status',
    `SELECT d.entity_id, d.first_seen_ms, d.decision_ms, ${why} AS status,
      CASE WHEN f.converted_ms IS NOT NULL ${horizon === null ? '' : `AND f.converted_ms <= d.decision_ms + ${horizon}`}
        THEN 1 ELSE 0 END AS label
    FROM cal_decided d JOIN cal_outcome_facts f USING (entity_id)`,
  );
  await session.table(
    'cal_entities',
    `SELECT entity_id, coalesce(first_seen_ms, decision_ms) AS first_seen_ms, decision_ms, label
    FROM cal_status WHERE status = 'row'`,
  );
  // Each key row carries its entity's decision time, so reads join on the key alone (a hash join)
  // and filter by time after it, instead of joining every event to every decision time by range.
  await session.table(
    'cal_keys',
    `SELECT k.entity_id, k.entity_key, e.decision_ms
    FROM (${keysSql(request.entityType, ms)}) k JOIN cal_entities e USING (entity_id)`,
    request.entityType === 'account' ? ws : [],
  );

  const [counts] = await session.query<CountRow>(
    `SELECT count(*) AS entities, count(*) FILTER (WHERE status = 'row') AS row_count,
       count(*) FILTER (WHERE status = 'row' AND label = 1) AS converted,
       count(*) FILTER (WHERE status = 'decided-before') AS decided_before,
       count(*) FILTER (WHERE status = 'not-seen') AS not_seen,
       count(*) FILTER (WHERE status = 'censored') AS censored,
       count(*) FILTER (WHERE status = 'without-outcome') AS without_outcome,
       (SELECT count(DISTINCT o.entity_id) FROM outcomes o WHERE o.workspace_id = $1
          AND o.entity_type = '${request.entityType}' AND o.entity_id NOT IN (SELECT entity_id FROM cal_status)) AS unmatched
     FROM cal_status`,
    ws,
  );
  return {
    entities: counts?.entities ?? 0,
    rows: counts?.row_count ?? 0,
    converted: counts?.converted ?? 0,
    decidedBeforeDecision: counts?.decided_before ?? 0,
    notSeenByDecision: counts?.not_seen ?? 0,
    censored: counts?.censored ?? 0,
    withoutOutcome: counts?.without_outcome ?? 0,
    unmatchedOutcomes: counts?.unmatched ?? 0,
  };
}

/** A TIMESTAMP expression as epoch ms, in the store's back end (`StoreSql.ms`). */
type Ms = (expression: string) => string;

/**
 * Every entity and when it was first seen. Users are the ids left after identity links (a key
 * linked to a user is that user's; the user's own id unless it is itself linked away), first seen
 * at the earliest message of any of their keys or timed trait; accounts at their first membership,
 * event tagged with them, or timed trait. Null when only untimed traits exist.
 */
function seenSql(entityType: EntityType, ms: Ms): string {
  if (entityType === 'user') {
    return `SELECT coalesce(fl.user_id, s.entity_key) AS entity_id, min(s.ts_ms) AS first_seen_ms
      FROM (
        SELECT coalesce(user_id, anonymous_id) AS entity_key, ${ms('ts')} AS ts_ms FROM events
          WHERE workspace_id = $1 AND coalesce(user_id, anonymous_id) IS NOT NULL
        UNION ALL SELECT entity_id, ${ms('ts')} FROM traits WHERE workspace_id = $1 AND entity_type = 'user'
        UNION ALL SELECT user_id, ${ms('ts')} FROM identity_links WHERE workspace_id = $1
      ) s LEFT JOIN cal_first_links fl ON fl.from_id = s.entity_key
      GROUP BY coalesce(fl.user_id, s.entity_key)`;
  }
  return `SELECT entity_id, min(ts_ms) AS first_seen_ms FROM (
      SELECT group_id AS entity_id, ${ms('ts')} AS ts_ms FROM memberships WHERE workspace_id = $1
      UNION ALL SELECT e.group_id, ${ms('e.ts')} FROM events e
        WHERE e.workspace_id = $1 AND e.group_id IS NOT NULL AND ${counted('e')}
      UNION ALL SELECT entity_id, ${ms('ts')} FROM traits WHERE workspace_id = $1 AND entity_type = 'account'
    ) s GROUP BY entity_id`;
}

export type LabelRule =
  | { readonly kind: 'outcome'; readonly types: readonly string[] }
  | { readonly kind: 'active-after'; readonly afterMs: number };

/**
 * `won`, any outcome stage (`opportunity` counts a won deal too, which passed through it), or
 * `active after 90d`: any counted event at least that long after first seen (retention).
 */
export function labelRule(label: string): LabelRule {
  const active = /^active after (\d+)([mhdw])$/.exec(label.trim());
  if (active !== null) {
    const unit = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS }[active[2] ?? 'd'] ?? DAY_MS;
    return { kind: 'active-after', afterMs: Number(active[1]) * unit };
  }
  return { kind: 'outcome', types: label === 'opportunity' ? ['opportunity', 'won'] : [label] };
}

/** Every counted event of an entity, with its time: a user's under its ids, an account's tagged with it. */
function activitySql(entityType: EntityType, ms: Ms): string {
  if (entityType === 'account') {
    return `SELECT group_id AS entity_id, ${ms('ts')} AS ts_ms FROM events e
      WHERE e.workspace_id = $1 AND e.group_id IS NOT NULL AND ${counted('e')}`;
  }
  return `SELECT coalesce(fl.user_id, e.entity_key) AS entity_id, e.ts_ms FROM (
      SELECT coalesce(user_id, anonymous_id) AS entity_key, ${ms('ts')} AS ts_ms FROM events e
      WHERE e.workspace_id = $1 AND coalesce(user_id, anonymous_id) IS NOT NULL AND ${counted('e')}
    ) e LEFT JOIN cal_first_links fl ON fl.from_id = e.entity_key`;
}

const capped = (sql: string, atMs: number | null): string =>
  atMs === null ? sql : `least(${sql}, CAST(${atMs} AS BIGINT))`;

/**
 * Each entity's anchor time: when first seen, or its first or last event of a name — a user's under
 * its ids (an anonymous id counts as the user its first link names), an account's tagged with it.
 */
function anchorSql(entityType: EntityType, anchor: DecisionAnchor, ms: Ms): string {
  if (anchor.from === 'first-seen') return 'SELECT entity_id, first_seen_ms AS anchor_ms FROM cal_seen';
  const pick = anchor.from === 'first' ? 'min' : 'max';
  const name = `'${(anchor.event ?? '').replace(/'/g, "''")}'`;
  if (entityType === 'account') {
    return `SELECT group_id AS entity_id, ${pick}(${ms('ts')}) AS anchor_ms FROM events
      WHERE workspace_id = $1 AND group_id IS NOT NULL AND event = ${name} GROUP BY group_id`;
  }
  return `SELECT coalesce(fl.user_id, e.entity_key) AS entity_id, ${pick}(e.ts_ms) AS anchor_ms FROM (
      SELECT coalesce(user_id, anonymous_id) AS entity_key, ${ms('ts')} AS ts_ms FROM events
      WHERE workspace_id = $1 AND event = ${name} AND coalesce(user_id, anonymous_id) IS NOT NULL
    ) e LEFT JOIN cal_first_links fl ON fl.from_id = e.entity_key GROUP BY coalesce(fl.user_id, e.entity_key)`;
}

function decisionSql(rule: DecisionRule): string {
  const { afterMs, atMs } = rule;
  const relative =
    afterMs === null
      ? null
      : afterMs === 0
        ? 'first_seen_ms'
        : `CAST((floor(CAST(first_seen_ms + ${afterMs} AS DOUBLE PRECISION) / ${DAY_MS}) + 1) * ${DAY_MS} - 1 AS BIGINT)`;
  if (relative === null) return atMs === null ? 'NULL' : `CAST(${atMs} AS BIGINT)`;
  return atMs === null ? relative : `least(${relative}, ${atMs})`;
}

/**
 * The keys that belong to each row as of its decision time. A key k belongs to user u at T when
 * its earliest link (by T) points to u, or k = u and u has no link by T.
 */
function keysSql(entityType: EntityType, ms: Ms): string {
  const ownAndLinked = (owner: string, source: string) => `
    SELECT o.entity_id, o.${owner} AS entity_key FROM ${source} o
      LEFT JOIN cal_first_links fl ON fl.from_id = o.${owner}
      WHERE fl.from_id IS NULL OR fl.ts_ms > o.decision_ms
    UNION ALL
    SELECT o.entity_id, fl.from_id FROM ${source} o
      JOIN cal_first_links fl ON fl.user_id = o.${owner} AND fl.ts_ms <= o.decision_ms`;
  if (entityType === 'user') {
    return `SELECT DISTINCT entity_id, entity_key FROM (${ownAndLinked('entity_id', 'cal_entities')}) k`;
  }
  // Members as of T: the canonical user (as of T) of every membership key by T.
  return `WITH members AS (
      SELECT DISTINCT e.entity_id, e.decision_ms,
        CASE WHEN fl.ts_ms <= e.decision_ms THEN fl.user_id ELSE m.user_key END AS member
      FROM cal_entities e
      JOIN memberships m ON m.workspace_id = $1 AND m.group_id = e.entity_id AND ${ms('m.ts')} <= e.decision_ms
      LEFT JOIN cal_first_links fl ON fl.from_id = m.user_key)
    SELECT DISTINCT entity_id, entity_key FROM (${ownAndLinked('member', 'members')}) k`;
}
