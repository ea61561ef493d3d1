/**
 * Who a user key belongs to as of a time. Resolution is one hop (no transitive closure), so that
 * every SQL engine can do it with one join: key K belongs to the `userId` of the earliest link
 * from K at or before `asOf` (ties: the smallest userId), else to K itself.
 */
import type { IdentityLink, StoredEvent } from '../../model/dataset.ts';
import { compareCodePoints } from './code-point-order.ts';

export type Canonicalize = (key: string) => string;

export function canonicalizer(links: readonly IdentityLink[], asOf: number): Canonicalize {
  const chosen = new Map<string, IdentityLink>();
  for (const link of links) {
    // A link from a user id to itself says nothing and must not shadow a real one.
    if (link.timestamp > asOf || link.fromId === link.userId) continue;
    const previous = chosen.get(link.fromId);
    if (previous === undefined || isEarlier(link, previous)) chosen.set(link.fromId, link);
  }
  return (key) => chosen.get(key)?.userId ?? key;
}

export function isEarlier(link: IdentityLink, than: IdentityLink): boolean {
  if (link.timestamp !== than.timestamp) return link.timestamp < than.timestamp;
  return compareCodePoints(link.userId, than.userId) < 0;
}

/** The key an event was sent under: `userId`, else `anonymousId`; null when it has neither. */
export function userKeyOf(event: StoredEvent): string | null {
  return event.userId ?? event.anonymousId;
}
