/**
 * The cooldown: no repeat alert for the same entity within `cooldown` of its last alert, unless
 * it rose. Rising means a tier above the last alerted one (in `tiers:` order), or raising a hand
 * when the last alert was not a hand-raiser's. "Within" is strict: at exactly the period, alert.
 */
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import type { RoutingReason } from './reason-codes.ts';
import type { LastAlert, LeadFacts } from './routing-types.ts';
import { durationWords } from './sla.ts';

export type CooldownCheck =
  | { readonly cooling: true; readonly detail: string }
  | { readonly cooling: false; readonly reason: RoutingReason; readonly detail: string };

export function cooldownCheck(
  config: RoutingConfig,
  facts: LeadFacts,
  last: LastAlert | null,
): CooldownCheck {
  if (last === null) return { cooling: false, reason: 'first-alert', detail: 'first alert for this entity.' };
  const since = facts.asOf - last.at;
  const period = config.cooldownMs;
  const when = new Date(last.at).toISOString();
  if (since >= period) {
    return { cooling: false, reason: 'cooldown-over', detail: `last alerted ${when}, before the cooldown.` };
  }
  const rank = (tier: string | null) => (tier === null ? -1 : config.tierOrder.indexOf(tier));
  if (rank(facts.tier) > rank(last.tier)) {
    return {
      cooling: false,
      reason: 'tier-rose',
      detail: `alerted ${when} as ${last.tier ?? 'no tier'}; the tier rose to ${facts.tier}.`,
    };
  }
  if (facts.handRaiser && !last.handRaiser) {
    return { cooling: false, reason: 'tier-rose', detail: `alerted ${when}; it has since raised a hand.` };
  }
  return {
    cooling: true,
    detail: `Alerted ${when} as ${last.tier ?? 'no tier'}${last.handRaiser ? ' (hand-raiser)' : ''}; no repeat within ${durationWords(period)} unless the tier rises.`,
  };
}
