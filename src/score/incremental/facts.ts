/** What the incremental scorer is fed: one stored record at a time, in any order. */
import type { Dataset, IdentityLink, Membership, StoredEvent, TraitRecord } from '../../model/dataset.ts';

export type Fact =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'link'; readonly link: IdentityLink }
  | { readonly kind: 'membership'; readonly membership: Membership }
  | { readonly kind: 'trait'; readonly trait: TraitRecord };

/** The time from which a fact exists; a trait without a timestamp exists since always. */
export function factTime(fact: Fact): number {
  switch (fact.kind) {
    case 'event':
      return fact.event.timestamp;
    case 'link':
      return fact.link.timestamp;
    case 'membership':
      return fact.membership.timestamp;
    case 'trait':
      return fact.trait.timestamp ?? Number.NEGATIVE_INFINITY;
  }
}

/** Every record of a dataset as facts (to build state from history, or in tests). */
export function factsOf(data: Dataset): Fact[] {
  return [
    ...data.events.map((event): Fact => ({ kind: 'event', event })),
    ...data.links.map((link): Fact => ({ kind: 'link', link })),
    ...data.memberships.map((membership): Fact => ({ kind: 'membership', membership })),
    ...data.traits.map((trait): Fact => ({ kind: 'trait', trait })),
  ];
}
