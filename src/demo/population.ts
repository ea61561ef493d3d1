/**
 * Who exists: every account's profile and how many users belong to it. Small (one record per
 * account), so it is built once, eagerly; everything per user is derived lazily from it.
 */
import { type AccountProfile, accountProfile } from './account-profile.ts';
import { rngFor, STREAM } from './prng.ts';

/** Share of users who sign up with a personal address and never join an account. */
export const FREE_MAIL_SHARE = 0.03;

export interface Population {
  readonly accounts: readonly AccountProfile[];
  /** Users per account, by account index. */
  readonly memberCounts: readonly number[];
  /** Global index of each account's first user; its members are consecutive. */
  readonly firstUser: readonly number[];
  /** Users with a free-mail address and no account; their indexes follow all members. */
  readonly freeMailUsers: number;
  readonly corporateUsers: number;
}

export function buildPopulation(input: {
  seed: number;
  users: number;
  accounts: number;
  days: number;
}): Population {
  const { seed, users, days } = input;
  const accounts: AccountProfile[] = [];
  for (let index = 0; index < input.accounts; index++) accounts.push(accountProfile({ seed, index, days }));
  const freeMailUsers = accounts.length === 0 ? users : Math.round(users * FREE_MAIL_SHARE);
  const corporateUsers = users - freeMailUsers;
  const memberCounts = allocate(seed, accounts, corporateUsers);
  const firstUser: number[] = [];
  let next = 0;
  for (const count of memberCounts) {
    firstUser.push(next);
    next += count;
  }
  return { accounts, memberCounts, firstUser, freeMailUsers, corporateUsers };
}

/**
 * Every account gets one user (while users last), the rest go by weight: larger and keener
 * accounts have more people, so some have one user and some have dozens. Largest-remainder
 * rounding makes the total exact.
 */
function allocate(seed: number, accounts: readonly AccountProfile[], users: number): number[] {
  const counts = accounts.map((_, index): number => (index < users ? 1 : 0));
  const rest = users - Math.min(users, accounts.length);
  if (rest === 0) return counts;
  const weights = accounts.map((account) => {
    const noise = Math.exp(0.4 * rngFor(seed, STREAM.allocation, account.index).normal());
    return Math.min(account.companySize, 400) ** 0.5 * (0.1 + account.intent) ** 1.5 * noise;
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  const fractions: { index: number; fraction: number }[] = [];
  let given = 0;
  for (let i = 0; i < accounts.length; i++) {
    const exact = (rest * (weights[i] ?? 0)) / total;
    const whole = Math.floor(exact);
    counts[i] = (counts[i] ?? 0) + whole;
    given += whole;
    fractions.push({ index: i, fraction: exact - whole });
  }
  fractions.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let k = 0; k < rest - given; k++) {
    const slot = fractions[k % fractions.length];
    if (slot !== undefined) counts[slot.index] = (counts[slot.index] ?? 0) + 1;
  }
  return counts;
}
