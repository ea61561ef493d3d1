/**
 * The routing decision for one qualification: pure and synchronous. In order:
 *
 * 1. suppression (do-not-contact, competitor, personal e-mail, active deal, recent churn) →
 *    `suppressed`, nothing else looked at;
 * 2. the first rule whose `when` holds (none → `no-alert`);
 * 3. a rule that sends nothing → `no-alert` (its owner and SLA are still given, for the queue);
 * 4. cooldown: alerted within the period and the tier has not risen → `cooldown`;
 * 5. the owner (kept if the lead has one), the SLA due time, immediate and digest destinations →
 *    `alert`.
 */
import type { RoutingConfig, Rule } from '../definition/routing/routing-config.ts';
import { assignOwner } from './assign-owner.ts';
import { holds } from './conditions.ts';
import { cooldownCheck } from './cooldown.ts';
import { withSlackUserId } from './owner-mention.ts';
import type { LeadFacts, RoutingDecision, RoutingState } from './routing-types.ts';
import { dueAt, nextAction } from './sla.ts';
import { findSuppression } from './suppression.ts';

export function routeQualification(
  config: RoutingConfig,
  facts: LeadFacts,
  state: RoutingState,
): RoutingDecision {
  const kept = {
    owner: state.existingOwner,
    assignment: state.existingOwner === null ? 'none' : 'kept',
    destinations: [],
    digestDestinations: [],
    slaDueAt: null,
    nextAction: null,
  } as const;
  const suppressed = findSuppression(config.suppress, facts, state);
  if (suppressed !== null) {
    return {
      ...kept,
      rule: null,
      status: 'suppressed',
      reason: suppressed.reason,
      detail: suppressed.detail,
    };
  }
  const rule = config.rules.find((r) => holds(r.when, facts));
  if (rule === undefined) {
    return {
      ...kept,
      rule: null,
      status: 'no-alert',
      reason: 'no-rule-matched',
      detail: `No routing rule matches (tier ${facts.tier ?? 'none'}${facts.handRaiser ? ', hand-raiser' : ''}).`,
    };
  }
  const { destinations, digestDestinations } = sendsTo(config, rule);
  const found = assignOwner(config, rule.owner, facts, state);
  const routed = {
    rule: rule.name,
    owner: withSlackUserId(config, found.owner),
    assignment: found.assignment,
    slaDueAt: dueAt(config, rule.sla, facts.asOf, found.owner?.email ?? null),
    nextAction: nextAction(config, rule),
  };
  if (destinations.length === 0 && digestDestinations.length === 0) {
    return {
      ...routed,
      status: 'no-alert',
      reason: 'no-destinations',
      detail: `Rule ${rule.name} sends no alert; owner: ${found.detail}.`,
      destinations,
      digestDestinations,
    };
  }
  const cooldown = cooldownCheck(config, facts, state.lastAlert);
  if (cooldown.cooling) {
    return { ...kept, rule: rule.name, status: 'cooldown', reason: 'cooldown', detail: cooldown.detail };
  }
  return {
    ...routed,
    status: 'alert',
    reason: cooldown.reason,
    detail: `Rule ${rule.name}; ${cooldown.detail} Owner: ${found.detail}.`,
    destinations,
    digestDestinations,
  };
}

/** Immediate unless the destination has its own `digest:`; a rule's `digest:` list goes to digests. */
export function sendsTo(
  config: RoutingConfig,
  rule: Rule,
): { destinations: string[]; digestDestinations: string[] } {
  const digestOnly = new Set(config.digestOnly);
  return {
    destinations: rule.notify.filter((name) => !digestOnly.has(name)),
    digestDestinations: [...new Set([...rule.notify.filter((name) => digestOnly.has(name)), ...rule.digest])],
  };
}
