/** Who a user is: ids, e-mail, name and role, derived from the user's index alone. */
import { mix32, type Rng, rngFor, STREAM } from './prng.ts';
import {
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  FREE_MAIL_WEIGHTS,
  LAST_NAMES,
  ROLE_WEIGHTS,
  ROLES,
} from './vocabulary.ts';

export interface Person {
  readonly userIndex: number;
  readonly userId: string;
  readonly anonymousId: string;
  /** A second browser's anonymous id, for the few users later linked by `alias`. */
  readonly secondAnonymousId: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
}

export function userId(userIndex: number): string {
  return `usr_${String(userIndex).padStart(7, '0')}`;
}

/**
 * `domain` null means a personal sign-up on a free-mail provider. `taken` holds the account's
 * e-mail addresses so far, so two namesakes in one company get distinct addresses.
 */
export function person(input: {
  seed: number;
  userIndex: number;
  domain: string | null;
  taken: Set<string>;
}): Person {
  const { seed, userIndex, domain, taken } = input;
  const rng = rngFor(seed, STREAM.identity, userIndex);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const role = rng.weighted(ROLES, ROLE_WEIGHTS);
  const local = `${first}.${last}`.toLowerCase();
  let email: string;
  if (domain === null) {
    // The index makes personal addresses unique across the whole data set.
    email = `${local}.${userIndex}@${rng.weighted(FREE_MAIL_DOMAINS, FREE_MAIL_WEIGHTS)}`;
  } else {
    email = `${local}@${domain}`;
    for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  }
  taken.add(email);
  return {
    userIndex,
    userId: userId(userIndex),
    anonymousId: uuid(rng, mix32(userIndex ^ (seed >>> 0)), 0x8),
    secondAnonymousId: uuid(rng, mix32(userIndex ^ (seed >>> 0)), 0xa),
    email,
    name: `${first} ${last}`,
    role,
  };
}

/**
 * A version-4-shaped UUID, as analytics.js would mint for a browser. The first group is a
 * bijection of the user index (mix32 is invertible), and the variant nibble tells a user's two
 * browsers apart, so ids are unique by construction rather than by luck.
 */
function uuid(rng: Rng, unique: number, variantBase: 0x8 | 0xa): string {
  const hex = (x: number, digits: number) => x.toString(16).padStart(digits, '0');
  const variant = hex(variantBase | rng.int(2), 1);
  return (
    `${hex(unique, 8)}-${hex(rng.int(0x10000), 4)}-4${hex(rng.int(0x1000), 3)}-` +
    `${variant}${hex(rng.int(0x1000), 3)}-${hex(rng.int(0x1000000), 6)}${hex(rng.int(0x1000000), 6)}`
  );
}
