/**
 * Whether a routing condition holds for a lead. Trait and score comparisons are the definition
 * language's own (`satisfies`: no type conversion, a missing value satisfies only `ne`, `not_in`
 * and `exists: false`).
 */
import type { Condition } from '../definition/routing/routing-config.ts';
import type { JsonValue } from '../lib/json.ts';
import { satisfies } from '../score/reference/comparison.ts';
import type { LeadFacts } from './routing-types.ts';

const ACCOUNT_PREFIX = 'account.';

/**
 * A trait of the lead; JSON null reads as missing. For an account, `account.plan` also reads the
 * account's own `plan`, so one routing section suits user and account definitions alike.
 */
export function traitOf(facts: LeadFacts, key: string): JsonValue | undefined {
  const direct = facts.traits[key];
  if (direct !== undefined && direct !== null) return direct;
  if (facts.entityType === 'account' && key.startsWith(ACCOUNT_PREFIX)) {
    const own = facts.traits[key.slice(ACCOUNT_PREFIX.length)];
    return own === null ? undefined : own;
  }
  return undefined;
}

export function holds(condition: Condition, facts: LeadFacts): boolean {
  switch (condition.kind) {
    case 'tier':
      return facts.tier !== null && condition.tiers.includes(facts.tier);
    case 'hand_raiser':
      return facts.handRaiser === condition.value;
    case 'score':
      return satisfies(facts.score, condition.comparison);
    case 'trait':
      return satisfies(traitOf(facts, condition.trait), condition.comparison);
    case 'all':
      return condition.items.every((item) => holds(item, facts));
    case 'any':
      return condition.items.some((item) => holds(item, facts));
    case 'not':
      return !holds(condition.item, facts);
  }
}
