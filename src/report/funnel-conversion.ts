/**
 * The stages of one group of PQLs (a tier, a version, a score band, a signal): contacted, contacted
 * within the SLA, opportunity, won, lost; deal amounts (pipeline and won revenue, from the amounts
 * recorded with the outcomes); the conversion rate of each stage and the median time between them.
 * One PQL per entity: its first live qualification in the period; an outcome counts when it comes
 * at or after that qualification.
 */
import type { OutcomeFact, QualificationFact } from './funnel-data.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Conversion {
  readonly pqls: number;
  /** First touched after qualifying (a contact outcome or the lead marked contacted). */
  readonly contacted: number;
  /** PQLs with an SLA due time, and how many were first touched by then. */
  readonly withSla: number;
  readonly contactedWithinSla: number;
  readonly opportunities: number;
  readonly won: number;
  /** Lost after qualifying, and never won. */
  readonly lost: number;
  /** %, of the PQLs (null without PQLs); contactedWithinSlaShare is of `withSla`. */
  readonly contactRate: number | null;
  readonly contactedWithinSlaShare: number | null;
  readonly opportunityRate: number | null;
  readonly wonRate: number | null;
  readonly lostRate: number | null;
  /** Sum of the opportunity amounts (else the won amount) of the PQLs that reached an opportunity. */
  readonly pipeline: number;
  /** Sum of the won amounts. */
  readonly wonRevenue: number;
  readonly medianHoursToContact: number | null;
  readonly medianDaysToOpportunity: number | null;
  readonly medianDaysToWon: number | null;
  readonly medianDaysOpportunityToWon: number | null;
}

export interface Pql {
  readonly q: QualificationFact;
  readonly firstTouchAt: number | null;
  readonly slaDueAt: number | null;
  readonly opportunity: OutcomeFact | null;
  readonly won: OutcomeFact | null;
  readonly lost: OutcomeFact | null;
}

export const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : (100 * part) / whole;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The earliest outcome of one of `types` at or after `after`. */
export function firstAfter(
  outcomes: readonly OutcomeFact[] | undefined,
  types: readonly string[],
  after: number,
): OutcomeFact | null {
  let best: OutcomeFact | null = null;
  for (const o of outcomes ?? []) {
    if (o.at >= after && types.includes(o.type) && (best === null || o.at < best.at)) best = o;
  }
  return best;
}

/** A PQL's stages from its entity's outcomes and lead. */
export function pqlStages(
  q: QualificationFact,
  outcomes: readonly OutcomeFact[] | undefined,
  lead: { readonly contactedAt: number | null; readonly slaDueAt: number | null } | undefined,
): Pql {
  const touchedByOutcome =
    firstAfter(outcomes, ['contacted', 'meeting', 'opportunity', 'won'], q.asOf)?.at ?? null;
  const touchedByLead = lead?.contactedAt != null && lead.contactedAt >= q.asOf ? lead.contactedAt : null;
  const touches = [touchedByOutcome, touchedByLead].filter((t): t is number => t !== null);
  const won = firstAfter(outcomes, ['won'], q.asOf);
  return {
    q,
    firstTouchAt: touches.length === 0 ? null : Math.min(...touches),
    slaDueAt: q.slaDueAt ?? lead?.slaDueAt ?? null,
    opportunity: firstAfter(outcomes, ['opportunity', 'won'], q.asOf),
    won,
    lost: won === null ? firstAfter(outcomes, ['lost'], q.asOf) : null,
  };
}

export function conversion(pqls: readonly Pql[]): Conversion {
  const n = pqls.length;
  const contacted = pqls.filter((p) => p.firstTouchAt !== null);
  const withSla = pqls.filter((p) => p.slaDueAt !== null);
  const withinSla = withSla.filter(
    (p) => p.firstTouchAt !== null && p.slaDueAt !== null && p.firstTouchAt <= p.slaDueAt,
  ).length;
  const opportunities = pqls.filter((p) => p.opportunity !== null);
  const won = pqls.filter((p) => p.won !== null);
  const lost = pqls.filter((p) => p.lost !== null).length;
  const since = (p: Pql, at: number, unit: number) => (at - p.q.asOf) / unit;
  return {
    pqls: n,
    contacted: contacted.length,
    withSla: withSla.length,
    contactedWithinSla: withinSla,
    opportunities: opportunities.length,
    won: won.length,
    lost,
    contactRate: percent(contacted.length, n),
    contactedWithinSlaShare: percent(withinSla, withSla.length),
    opportunityRate: percent(opportunities.length, n),
    wonRate: percent(won.length, n),
    lostRate: percent(lost, n),
    pipeline: opportunities.reduce((sum, p) => sum + (p.opportunity?.amount ?? p.won?.amount ?? 0), 0),
    wonRevenue: won.reduce((sum, p) => sum + (p.won?.amount ?? 0), 0),
    medianHoursToContact: median(contacted.map((p) => since(p, p.firstTouchAt ?? 0, HOUR))),
    medianDaysToOpportunity: median(opportunities.map((p) => since(p, p.opportunity?.at ?? 0, DAY))),
    medianDaysToWon: median(won.map((p) => since(p, p.won?.at ?? 0, DAY))),
    medianDaysOpportunityToWon: median(
      won.flatMap((p) =>
        p.opportunity === null || p.won === null || p.opportunity === p.won
          ? []
          : [(p.won.at - p.opportunity.at) / DAY],
      ),
    ),
  };
}
