/**
 * The funnel report from facts (funnel-data.ts): PQLs per week and tier, the PQL rate of new
 * signups, SLA adherence and time to first touch, PQL → opportunity / won and time to close, by
 * score band, by signal and by definition version, PQL versus non-PQL signups, and the outcomes
 * of entities never seen. One PQL per entity: its first live qualification in the period; its
 * outcomes count when they come after that qualification. Described in docs/funnel.md.
 */
import {
  type Conversion,
  conversion,
  firstAfter,
  median,
  type Pql,
  percent,
  pqlStages,
} from './funnel-conversion.ts';
import type { FunnelData, OutcomeFact, QualificationFact } from './funnel-data.ts';
import {
  DEFAULT_HEALTHY_PQL_RATE,
  type HealthyRange,
  type PqlRateWarning,
  pqlRateWarnings,
} from './pql-rate-warnings.ts';

export type { Conversion } from './funnel-conversion.ts';
export { median } from './funnel-conversion.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface FunnelReport {
  readonly entityType: 'user' | 'account';
  readonly from: string;
  readonly to: string;
  readonly totals: {
    readonly qualifications: number;
    readonly pqls: number;
    readonly signups: number;
    /** %, PQLs among signups of the period (entities first seen in it). */
    readonly pqlRateOfSignups: number | null;
    readonly medianHoursToFirstTouch: number | null;
    readonly medianDaysToClose: number | null;
  } & Conversion;
  /** Monday-based UTC weeks: qualifications per tier, new signups, PQL signups. */
  readonly weeks: readonly {
    readonly week: string;
    readonly byTier: Readonly<Record<string, number>>;
    readonly qualifications: number;
    readonly signups: number;
    readonly pqlSignups: number;
    readonly pqlRateOfSignups: number | null;
  }[];
  readonly byTier: readonly ({ readonly tier: string } & Conversion)[];
  readonly byScoreBand: readonly ({ readonly band: string } & Conversion)[];
  readonly bySignal: readonly ({ readonly signal: string } & Conversion)[];
  readonly byVersion: readonly ({ readonly version: string } & Conversion)[];
  /** Each version's PQLs per tier, highest tier first. */
  readonly byVersionAndTier: readonly ({ readonly version: string; readonly tier: string } & Conversion)[];
  /** The healthy PQL rate of signups checked against, and where the period or a week is outside it. */
  readonly healthyPqlRate: HealthyRange;
  readonly warnings: readonly PqlRateWarning[];
  /** Signups of the period that qualified, against those that did not: won and opportunity rates. */
  readonly baseline: { readonly pql: Conversion; readonly nonPql: Conversion };
  readonly unmatchedOutcomes: {
    readonly count: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly entities: readonly string[];
  };
}

const NO_TIER = '(no tier)';

/** The Monday (UTC) starting the week of `ms`, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  const day = new Date(ms);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  const monday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - sinceMonday * DAY;
  return new Date(monday).toISOString().slice(0, 10);
}

function scoreBand(score: number): string {
  const low = Math.min(Math.floor(score / 25) * 25, 75);
  return low === 75 ? '75+' : `${low}–${low + 24}`;
}

function grouped<K extends string>(pqls: readonly Pql[], keysOf: (p: Pql) => readonly string[], name: K) {
  const groups = new Map<string, Pql[]>();
  for (const p of pqls) for (const key of keysOf(p)) groups.set(key, [...(groups.get(key) ?? []), p]);
  return [...groups.entries()].map(
    ([key, members]) => ({ [name]: key, ...conversion(members) }) as Record<K, string> & Conversion,
  );
}

export function computeFunnel(
  data: FunnelData,
  tierOrder: readonly string[] = [],
  healthyPqlRate: HealthyRange = DEFAULT_HEALTHY_PQL_RATE,
): FunnelReport {
  const live = data.qualifications.filter((q) => !q.shadow);
  const outcomesBy = new Map<string, OutcomeFact[]>();
  for (const o of data.outcomes) outcomesBy.set(o.entityId, [...(outcomesBy.get(o.entityId) ?? []), o]);
  const leadBy = new Map(data.leads.map((l) => [l.entityId, l]));

  const firstBy = new Map<string, QualificationFact>();
  for (const q of live) if (!firstBy.has(q.entityId)) firstBy.set(q.entityId, q);
  const pqls: Pql[] = [...firstBy.values()].map((q) =>
    pqlStages(q, outcomesBy.get(q.entityId), leadBy.get(q.entityId)),
  );
  const total = conversion(pqls);
  const touchHours = pqls.flatMap((p) =>
    p.firstTouchAt === null ? [] : [(p.firstTouchAt - p.q.asOf) / HOUR],
  );
  const closeDays = pqls.flatMap((p) => (p.won === null ? [] : [(p.won.at - p.q.asOf) / DAY]));

  const signupIds = new Set(data.signups.map((s) => s.entityId));
  const pqlIds = new Set(firstBy.keys());
  const pqlSignups = pqls.filter((p) => signupIds.has(p.q.entityId));
  const nonPqlSignups: Pql[] = data.signups
    .filter((s) => !pqlIds.has(s.entityId))
    .map((s) => {
      const outcomes = outcomesBy.get(s.entityId);
      return {
        q: {
          id: '',
          entityId: s.entityId,
          definitionVersion: '',
          shadow: false,
          asOf: s.at,
          score: 0,
          tier: null,
          handRaiser: false,
          signals: [],
          slaDueAt: null,
        },
        firstTouchAt: null,
        slaDueAt: null,
        opportunity: firstAfter(outcomes, ['opportunity', 'won'], s.at),
        won: firstAfter(outcomes, ['won'], s.at),
        lost: null,
      };
    });

  const weeks = new Map<
    string,
    { byTier: Record<string, number>; qualifications: number; signups: number; pqlSignups: number }
  >();
  const week = (key: string) => {
    const found = weeks.get(key) ?? { byTier: {}, qualifications: 0, signups: 0, pqlSignups: 0 };
    weeks.set(key, found);
    return found;
  };
  for (let at = data.from; at < data.to; at += DAY) week(weekOf(at));
  for (const q of live) {
    const w = week(weekOf(q.asOf));
    const tier = q.tier ?? NO_TIER;
    w.byTier[tier] = (w.byTier[tier] ?? 0) + 1;
    w.qualifications += 1;
  }
  for (const s of data.signups) {
    const w = week(weekOf(s.at));
    w.signups += 1;
    if (pqlIds.has(s.entityId)) w.pqlSignups += 1;
  }
  const rank = (tier: string) => {
    const index = tierOrder.indexOf(tier);
    return index < 0 ? -1 : index;
  };
  const byTier = grouped(pqls, (p) => [p.q.tier ?? NO_TIER], 'tier').sort(
    (a, b) => rank(b.tier) - rank(a.tier),
  );
  const byScoreBand = grouped(pqls, (p) => [scoreBand(p.q.score)], 'band').sort((a, b) =>
    a.band < b.band ? 1 : -1,
  );
  const bySignal = grouped(pqls, (p) => p.q.signals, 'signal').sort(
    (a, b) => b.pqls - a.pqls || (a.signal < b.signal ? -1 : 1),
  );
  const byVersion = grouped(pqls, (p) => [p.q.definitionVersion], 'version');
  const byVersionAndTier = byVersion.flatMap(({ version }) =>
    grouped(
      pqls.filter((p) => p.q.definitionVersion === version),
      (p) => [p.q.tier ?? NO_TIER],
      'tier',
    )
      .sort((a, b) => rank(b.tier) - rank(a.tier))
      .map((row) => ({ version, ...row })),
  );
  const weekRows = [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, w]) => ({ week: key, ...w, pqlRateOfSignups: percent(w.pqlSignups, w.signups) }));
  const byType: Record<string, number> = {};
  for (const o of data.unmatched) byType[o.type] = (byType[o.type] ?? 0) + 1;

  return {
    entityType: data.entityType,
    from: new Date(data.from).toISOString(),
    to: new Date(data.to).toISOString(),
    totals: {
      qualifications: live.length,
      ...total,
      signups: data.signups.length,
      pqlRateOfSignups: percent(pqlSignups.length, data.signups.length),
      medianHoursToFirstTouch: median(touchHours),
      medianDaysToClose: median(closeDays),
    },
    weeks: weekRows,
    byTier,
    byScoreBand,
    bySignal,
    byVersion,
    byVersionAndTier,
    healthyPqlRate,
    // Without any qualification in the period nothing was scoring: a 0 % rate says nothing.
    warnings:
      live.length === 0
        ? []
        : pqlRateWarnings(
            { pqlRate: percent(pqlSignups.length, data.signups.length), signups: data.signups.length },
            weekRows,
            healthyPqlRate,
          ),
    baseline: { pql: conversion(pqlSignups), nonPql: conversion(nonPqlSignups) },
    unmatchedOutcomes: {
      count: data.unmatched.length,
      byType,
      entities: [...new Set(data.unmatched.map((o) => o.entityId))].sort(),
    },
  };
}

export interface ShadowComparison {
  readonly live: {
    readonly version: string | null;
    readonly qualifications: number;
    readonly entities: number;
    readonly byTier: Readonly<Record<string, number>>;
  };
  readonly shadow: {
    readonly version: string | null;
    readonly qualifications: number;
    readonly entities: number;
    readonly byTier: Readonly<Record<string, number>>;
  };
  readonly both: number;
  readonly onlyLive: readonly string[];
  readonly onlyShadow: readonly string[];
}

/** How the live and the shadow definition's qualifications in the period differ. */
export function compareShadow(data: FunnelData): ShadowComparison {
  const side = (shadow: boolean) => {
    const qs = data.qualifications.filter((q) => q.shadow === shadow);
    const byTier: Record<string, number> = {};
    for (const q of qs) byTier[q.tier ?? NO_TIER] = (byTier[q.tier ?? NO_TIER] ?? 0) + 1;
    const versions = [...new Set(qs.map((q) => q.definitionVersion))];
    return {
      version: versions.length === 0 ? null : versions.join(', '),
      qualifications: qs.length,
      entities: new Set(qs.map((q) => q.entityId)).size,
      byTier,
      ids: new Set(qs.map((q) => q.entityId)),
    };
  };
  const live = side(false);
  const shadow = side(true);
  const { ids: liveIds, ...liveRest } = live;
  const { ids: shadowIds, ...shadowRest } = shadow;
  return {
    live: liveRest,
    shadow: shadowRest,
    both: [...liveIds].filter((id) => shadowIds.has(id)).length,
    onlyLive: [...liveIds].filter((id) => !shadowIds.has(id)).sort(),
    onlyShadow: [...shadowIds].filter((id) => !liveIds.has(id)).sort(),
  };
}
