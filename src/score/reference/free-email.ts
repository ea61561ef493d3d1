/** The e-mail domain rule used to place users with no account into `domain:<domain>` accounts. */
import { DOMAINS } from 'free-email-domains-list/build/src/constants.js';
import type { JsonValue } from '../../lib/json.ts';

/**
 * The domain after the last `@`, lower-cased in ASCII only (SQL `lower()` differs between engines
 * outside ASCII, and real domains are ASCII or punycode); null when the value is not an address.
 */
export function emailDomain(email: JsonValue | undefined): string | null {
  if (typeof email !== 'string') return null;
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const domain = email.slice(at + 1).replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return domain === '' ? null : domain;
}

/** The maintained free-mail list, for engines that load it as a table. */
export const FREE_EMAIL_DOMAINS: ReadonlySet<string> = DOMAINS;

export function isFreeEmailDomain(domain: string): boolean {
  return DOMAINS.has(domain);
}

/** The domain account a user with this e-mail falls back to, or null (free mail, no address). */
export function domainAccountOf(email: JsonValue | undefined): string | null {
  const domain = emailDomain(email);
  if (domain === null || isFreeEmailDomain(domain)) return null;
  return `domain:${domain}`;
}
