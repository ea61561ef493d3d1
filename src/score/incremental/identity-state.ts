/**
 * Identity and membership as of the latest time asked, kept so that they can be read both ways:
 * a key's canonical user (the earliest link from it, ties by the smallest userId, one hop) and a
 * user's keys; an account's joining keys and whether a user joined anything.
 */
import type { IdentityLink, Membership } from '../../model/dataset.ts';
import { addTo } from '../reference/accounts.ts';
import { isEarlier } from '../reference/identity.ts';
import { SmallSets } from './small-sets.ts';

export class IdentityState {
  private readonly chosen = new Map<string, IdentityLink>();
  /** userId → the keys whose chosen link points to it. */
  private readonly linkedTo = new SmallSets();
  /** groupId → the user keys that joined it. */
  readonly joined = new Map<string, Set<string>>();
  /** user key → the groups it joined. */
  private readonly groupsOf = new SmallSets();
  /**
   * Moves on each time a key's chosen link changes: an answer of `canonical` read at one value holds
   * for as long as it has not moved (see `Cell.ownerAt`).
   */
  private epoch = 0;

  get linkEpoch(): number {
    return this.epoch;
  }

  addLink(link: IdentityLink): void {
    // A link from a user id to itself says nothing and must not shadow a real one.
    if (link.fromId === link.userId) return;
    const previous = this.chosen.get(link.fromId);
    if (previous !== undefined && !isEarlier(link, previous)) return;
    if (previous !== undefined) this.linkedTo.delete(previous.userId, link.fromId);
    this.chosen.set(link.fromId, link);
    this.linkedTo.add(link.userId, link.fromId);
    this.epoch++;
  }

  addMembership(membership: Membership): void {
    addTo(this.joined, membership.groupId, membership.userKey);
    this.groupsOf.add(membership.userKey, membership.groupId);
  }

  /** The link chosen for `key` (what a saved key keeps of identity), if any. */
  linkOf(key: string): IdentityLink | undefined {
    return this.chosen.get(key);
  }

  /** The groups `key` joined. */
  groupsOfKey(key: string): Iterable<string> {
    return this.groupsOf.get(key);
  }

  /** Every key with a chosen link or a membership (the keys identity alone says something of). */
  keysWithIdentity(): Set<string> {
    return new Set([...this.chosen.keys(), ...this.groupsOf.keys()]);
  }

  canonical(key: string): string {
    return this.chosen.get(key)?.userId ?? key;
  }

  /** Every key that belongs to `user`: itself unless linked away, and the keys linked to it. */
  keysOf(user: string): string[] {
    const keys = this.chosen.has(user) ? [] : [user];
    for (const key of this.linkedTo.get(user)) keys.push(key);
    return keys;
  }

  /** The users that are a member of some account (before any domain fallback). */
  members(): Set<string> {
    const users = new Set<string>();
    for (const key of this.groupsOf.keys()) users.add(this.canonical(key));
    return users;
  }

  /** The users that are members of `groupId`. */
  membersOf(groupId: string): Set<string> {
    const users = new Set<string>();
    for (const key of this.joined.get(groupId) ?? []) users.add(this.canonical(key));
    return users;
  }
}
