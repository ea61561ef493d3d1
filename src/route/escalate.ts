/**
 * What to do about an open lead's SLA: pure, like the routing decision. A lead not contacted by
 * its due time is breached; after the rule's `escalate.after` grace it is escalated once: handed
 * to the next member of its team (round robin, caps respected, the current owner excluded), to a
 * named owner, or kept, and `escalate.notify` destinations are alerted. A reassigned lead gets a
 * new SLA from now (`escalate.sla`, else the rule's). A rule on the business clock (a business SLA,
 * or `same_day` with a calendar) counts its grace in open hours and escalates only while open.
 */
import { teamsReached } from '../definition/routing/check-teams.ts';
import type { Owner, RoutingConfig, Rule, Team } from '../definition/routing/routing-config.ts';
import { type Found, resolve, type Workload } from './assign-owner.ts';
import { addBusinessTime, nextOpening } from './business-clock.ts';
import { withSlackUserId } from './owner-mention.ts';
import type { EscalationReason } from './reason-codes.ts';
import { calendarFor, dueAt, onBusinessClock } from './sla.ts';

export interface LeadForEscalation {
  /** The rule that routed the lead (`leads.rule`). */
  readonly rule: string | null;
  readonly owner: Owner | null;
  readonly slaDueAt: number | null;
  /** Set by a `contacted` outcome: the SLA clock stopped. */
  readonly contactedAt: number | null;
  /** Set once escalated (`leads.escalated_to`): a lead is escalated once. */
  readonly escalatedTo: string | null;
}

export interface EscalationDecision {
  /** `escalate`: act now; `wait`: check again at `nextCheckAt`; `none`: nothing to do, ever. */
  readonly status: 'escalate' | 'wait' | 'none';
  readonly reason: EscalationReason;
  readonly detail: string;
  /** The due time has passed without contact (record `breached_at` = `slaDueAt`). */
  readonly breached: boolean;
  /** The lead's owner after this decision. */
  readonly owner: Owner | null;
  readonly reassigned: boolean;
  readonly destinations: readonly string[];
  /** The due time after this decision: new when reassigned. */
  readonly slaDueAt: number | null;
  /** For `leads.escalated_to`: the new owner's e-mail, else the alerted destinations, else `nobody`. */
  readonly escalatedTo: string | null;
  readonly nextCheckAt: number | null;
}

export function escalate(
  config: RoutingConfig,
  lead: LeadForEscalation,
  workload: Workload,
  asOf: number,
): EscalationDecision {
  const unchanged = {
    owner: lead.owner,
    reassigned: false,
    destinations: [],
    slaDueAt: lead.slaDueAt,
    escalatedTo: lead.escalatedTo,
    nextCheckAt: null,
  } as const;
  const none = (reason: EscalationReason, detail: string, breached: boolean): EscalationDecision => ({
    ...unchanged,
    status: 'none',
    reason,
    detail,
    breached,
  });
  if (lead.contactedAt !== null) return none('contacted', 'Contacted: the SLA clock stopped.', false);
  if (lead.slaDueAt === null) return none('no-sla', 'The lead has no SLA.', false);
  const due = lead.slaDueAt;
  if (asOf < due) {
    return {
      ...unchanged,
      status: 'wait',
      reason: 'not-breached',
      detail: 'Not due yet.',
      breached: false,
      nextCheckAt: due,
    };
  }
  const missed = `Not contacted by ${new Date(due).toISOString()}`;
  if (lead.escalatedTo !== null) {
    return none('already-escalated', `${missed}; already escalated to ${lead.escalatedTo}.`, true);
  }
  const rule = config.rules.find((r) => r.name === lead.rule);
  if (rule === undefined)
    return none('rule-not-found', `${missed}; rule ${lead.rule ?? '(none)'} is gone.`, true);
  const escalation = rule.escalate;
  if (escalation === null)
    return none('no-escalation', `${missed}; rule ${rule.name} does not escalate.`, true);
  // A business SLA's grace runs on the same clock, and nobody is escalated to while closed.
  const calendar = onBusinessClock(config, rule.sla) ? calendarFor(config, lead.owner?.email ?? null) : null;
  const graceEnds =
    calendar === null ? due + escalation.afterMs : addBusinessTime(calendar, due, escalation.afterMs);
  const checkAt = calendar === null ? graceEnds : nextOpening(calendar, Math.max(asOf, graceEnds));
  if (asOf < checkAt) {
    return {
      ...unchanged,
      status: 'wait',
      reason: 'grace-period',
      detail:
        asOf < graceEnds
          ? `${missed}; escalating at the end of the grace period.`
          : `${missed}; escalating when business hours open again.`,
      breached: true,
      nextCheckAt: checkAt,
    };
  }
  const target = newOwner(config, rule, lead.owner, workload);
  const destinations = escalation.notify;
  const reassigned = target !== null && target.owner !== null && target.owner.email !== lead.owner?.email;
  const owner = withSlackUserId(config, reassigned ? target.owner : lead.owner);
  const escalatedTo =
    reassigned && owner !== null ? owner.email : destinations.length > 0 ? destinations.join(',') : 'nobody';
  const stuck = escalation.to.kind !== 'keep' && !reassigned;
  return {
    status: 'escalate',
    reason: stuck ? 'no-next-owner' : 'escalated',
    detail: `${missed}; ${target === null ? 'owner kept' : target.detail}${destinations.length > 0 ? `; alerting ${destinations.join(', ')}` : ''}.`,
    breached: true,
    owner,
    reassigned,
    destinations,
    slaDueAt: reassigned ? dueAt(config, escalation.sla ?? rule.sla, asOf, owner?.email ?? null) : due,
    escalatedTo,
    nextCheckAt: null,
  };
}

function newOwner(
  config: RoutingConfig,
  rule: Rule,
  current: Owner | null,
  workload: Workload,
): Found | null {
  const to = rule.escalate?.to;
  if (to === undefined || to.kind === 'keep') return null;
  const exclude = new Set(current === null ? [] : [current.email]);
  if (to.kind === 'owner') return resolve(config, to.owner, null, workload, new Set(), exclude);
  const team = teamOf(config, rule, current);
  if (team === null)
    return { owner: null, assignment: 'unassigned', detail: 'no team to find a next owner in' };
  return resolve(config, { kind: 'team', team: team.name }, null, workload, new Set(), exclude);
}

/** The rule's team holding the current owner, else any team holding them, else the rule's first team. */
function teamOf(config: RoutingConfig, rule: Rule, current: Owner | null): Team | null {
  const ruleTeams = teamsReached(rule.owner)
    .map((name) => config.teams[name])
    .filter((t): t is Team => t !== undefined);
  const holds = (team: Team) => current !== null && team.members.some((m) => m.email === current.email);
  return ruleTeams.find(holds) ?? Object.values(config.teams).find(holds) ?? ruleTeams[0] ?? null;
}
