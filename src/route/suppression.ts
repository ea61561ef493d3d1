/**
 * Who is never alerted, checked in a fixed order so the reason is predictable: the do-not-contact
 * list, competitors, personal e-mail (hand-raisers exempt), an active deal, a recent churn.
 */
import type { SuppressConfig } from '../definition/routing/routing-config.ts';
import { emailDomain, isFreeEmailDomain } from '../score/reference/free-email.ts';
import { holds, traitOf } from './conditions.ts';
import type { RoutingReason } from './reason-codes.ts';
import type { LeadFacts, RoutingState } from './routing-types.ts';

export interface Suppressed {
  readonly reason: RoutingReason;
  readonly detail: string;
}

const DAY_MS = 86_400_000;

/** `domain:Acme.com` (a domain account's id) or `Acme.com` → `acme.com`. */
export function normalizeDomain(domain: string | null): string | null {
  if (domain === null) return null;
  const bare = domain
    .trim()
    .replace(/^domain:/, '')
    .replace(/^@/, '')
    .toLowerCase();
  return bare === '' ? null : bare;
}

/** The lead's domains: its e-mail's, then its company's. */
export function leadDomains(facts: LeadFacts): string[] {
  const domains = [emailDomain(facts.email), normalizeDomain(facts.domain)];
  return [...new Set(domains.filter((d): d is string => d !== null))];
}

export function findSuppression(
  config: SuppressConfig,
  facts: LeadFacts,
  state: RoutingState,
): Suppressed | null {
  if (config.doNotContact && state.suppression !== null) {
    const { kind, value, reason } = state.suppression;
    return {
      reason: 'do-not-contact',
      detail: `${kind === 'email' ? 'The address' : 'The domain'} ${value} is on the do-not-contact list${reason ? ` (${reason})` : ''}.`,
    };
  }
  const domains = leadDomains(facts);
  for (const domain of domains) {
    const competitor = config.competitors.find((c) => domain === c || domain.endsWith(`.${c}`));
    if (competitor !== undefined) {
      return { reason: 'competitor', detail: `${domain} belongs to the competitor ${competitor}.` };
    }
  }
  const personal = emailDomain(facts.email) ?? normalizeDomain(facts.domain);
  if (config.personalEmail && !facts.handRaiser && personal !== null && isFreeEmailDomain(personal)) {
    return {
      reason: 'personal-email',
      detail: `${personal} is a personal e-mail provider and the lead did not raise a hand.`,
    };
  }
  if (config.activeDeal !== null && holds(config.activeDeal, facts)) {
    return { reason: 'active-deal', detail: 'The account is in an active deal (`active_deal` holds).' };
  }
  return churned(config, facts, state);
}

function churned(config: SuppressConfig, facts: LeadFacts, state: RoutingState): Suppressed | null {
  const rule = config.churned;
  if (rule === null) return null;
  const days = Math.round(rule.withinMs / DAY_MS);
  const recent = (at: number | null) => at !== null && at <= facts.asOf && facts.asOf - at < rule.withinMs;
  if (recent(state.churnedAt)) {
    return {
      reason: 'recently-churned',
      detail: `A churned outcome was recorded on ${isoDay(state.churnedAt)}, within ${days} days.`,
    };
  }
  if (rule.dateTrait !== null) {
    const at = timeOf(traitOf(facts, rule.dateTrait));
    if (recent(at)) {
      return {
        reason: 'recently-churned',
        detail: `The trait ${rule.dateTrait} says it churned on ${isoDay(at)}, within ${days} days.`,
      };
    }
  }
  if (rule.when !== null && holds(rule.when, facts)) {
    return { reason: 'recently-churned', detail: 'The `churned.when` condition holds.' };
  }
  return null;
}

/** An ISO-8601 text or epoch milliseconds; anything else is no time. */
function timeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function isoDay(ms: number | null): string {
  return ms === null ? 'an unknown day' : new Date(ms).toISOString().slice(0, 10);
}
