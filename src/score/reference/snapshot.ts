/**
 * Everything an evaluator may see as of one time (DEFINITION-LANGUAGE.md, "Data model the
 * language sees"): which users and accounts exist, their counted events and their traits.
 * Built once per `asOf`, then read per entity.
 */
import type { JsonValue } from '../../lib/json.ts';
import {
  COUNTED_TYPES,
  type Dataset,
  type EntityType,
  type EvaluationOptions,
  type StoredEvent,
} from '../../model/dataset.ts';
import { accountsOfUsers } from './accounts.ts';
import { compareCodePoints } from './code-point-order.ts';
import { canonicalizer, userKeyOf } from './identity.ts';
import { existsAt, offer, type TraitTable, traitValue } from './traits.ts';

export interface Snapshot {
  readonly asOf: number;
  /** The user an event belongs to as of `asOf`; null when it carries no user key. */
  userOf(event: StoredEvent): string | null;
  /** Every entity of the type that exists as of `asOf`, in code point order. */
  entityIds(type: EntityType): readonly string[];
  exists(type: EntityType, id: string): boolean;
  /** The entity's counted events at or before `asOf`, oldest first, each once. */
  events(type: EntityType, id: string): readonly StoredEvent[];
  /** undefined when the trait is missing (never set, or set to null). */
  trait(type: EntityType, id: string, key: string): JsonValue | undefined;
}

export const DEFAULT_OPTIONS: EvaluationOptions = { domainAccounts: false };

export function takeSnapshot(data: Dataset, asOf: number, options = DEFAULT_OPTIONS): Snapshot {
  const canonical = canonicalizer(data.links, asOf);
  const userOf = (event: StoredEvent): string | null => {
    const key = userKeyOf(event);
    return key === null ? null : canonical(key);
  };
  const messages = data.events.filter((event) => event.timestamp <= asOf);
  // A stable sort: events at the same time keep their dataset order.
  const counted = messages.filter((event) => COUNTED_TYPES.includes(event.type));
  counted.sort((a, b) => a.timestamp - b.timestamp);

  const users = new Set<string>();
  for (const message of messages) {
    const user = userOf(message);
    if (user !== null) users.add(user);
  }
  const traits = { user: new Map<string, TraitTable>(), account: new Map<string, TraitTable>() };
  for (const record of data.traits) {
    if (!existsAt(record, asOf)) continue;
    const id = record.entityType === 'user' ? canonical(record.entityId) : record.entityId;
    if (record.entityType === 'user') users.add(id);
    const table = traits[record.entityType].get(id) ?? new Map();
    traits[record.entityType].set(id, table);
    offer(table, record);
  }

  const memberOf = accountsOfUsers({ data, asOf, canonical, users, userTraits: traits.user, options });
  const events = { user: new Map<string, StoredEvent[]>(), account: new Map<string, StoredEvent[]>() };
  for (const user of users) events.user.set(user, []);
  for (const id of traits.account.keys()) events.account.set(id, []);
  // Every account joined by someone exists, even before any of its events.
  for (const accountSet of memberOf.values()) {
    for (const id of accountSet) events.account.set(id, []);
  }
  for (const event of counted) {
    const user = userOf(event);
    if (user !== null) events.user.get(user)?.push(event);
    // A Set: an event tagged with an account its user is also a member of counts once.
    const accounts = new Set(user === null ? [] : (memberOf.get(user) ?? []));
    if (event.groupId !== null) accounts.add(event.groupId);
    for (const id of accounts) {
      const list = events.account.get(id) ?? [];
      events.account.set(id, list);
      list.push(event);
    }
  }

  const ids = {
    user: [...events.user.keys()].sort(compareCodePoints),
    account: [...events.account.keys()].sort(compareCodePoints),
  };
  return {
    asOf,
    userOf,
    entityIds: (type) => ids[type],
    exists: (type, id) => events[type].has(id),
    events: (type, id) => events[type].get(id) ?? [],
    trait: (type, id, key) => traitValue(traits[type].get(id), key),
  };
}
