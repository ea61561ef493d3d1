/**
 * Which accounts each user belongs to as of a time. A user (after identity resolution) is a member
 * of every account it joined with a `group` call at or before `asOf`; with `domainAccounts`, a user
 * that is a member of nothing falls back to `domain:<domain>` from its `email` trait.
 */
import type { Dataset, EvaluationOptions } from '../../model/dataset.ts';
import { domainAccountOf } from './free-email.ts';
import type { Canonicalize } from './identity.ts';
import { type TraitTable, traitValue } from './traits.ts';

export interface MembershipInput {
  readonly data: Dataset;
  readonly asOf: number;
  readonly canonical: Canonicalize;
  readonly users: ReadonlySet<string>;
  readonly userTraits: ReadonlyMap<string, TraitTable>;
  readonly options: EvaluationOptions;
}

/** Canonical user id → the accounts it is a member of as of `asOf`. */
export function accountsOfUsers(input: MembershipInput): Map<string, Set<string>> {
  const accounts = new Map<string, Set<string>>();
  for (const membership of input.data.memberships) {
    if (membership.timestamp > input.asOf) continue;
    addTo(accounts, input.canonical(membership.userKey), membership.groupId);
  }
  if (!input.options.domainAccounts) return accounts;
  for (const user of input.users) {
    if (accounts.has(user)) continue;
    const domainAccount = domainAccountOf(traitValue(input.userTraits.get(user), 'email'));
    if (domainAccount !== null) addTo(accounts, user, domainAccount);
  }
  return accounts;
}

export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}
