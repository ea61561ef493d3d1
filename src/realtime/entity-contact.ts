/**
 * Who an entity is, in the words an alert needs: a display name, the company, an e-mail and its
 * domain (for an account: its own, else the member who identified most recently), and the latest
 * value of every trait. Read from the entity's neighbourhood dataset (the same one its receipt is
 * computed from), which holds other users too: only the entity's own traits count (for a user, also
 * those of the anonymous ids and aliases that resolve to it; for an account, only its members'
 * e-mails). The latest write of each trait wins.
 */
import { isJsonObject, type JsonValue } from '../lib/json.ts';
import type { Dataset, EntityType } from '../model/dataset.ts';
import { domainAccountOf } from '../score/reference/free-email.ts';
import { type Canonicalize, canonicalizer } from '../score/reference/identity.ts';

export interface EntityContact {
  readonly name: string | null;
  readonly company: string | null;
  readonly email: string | null;
  readonly domain: string | null;
  readonly traits: Readonly<Record<string, JsonValue>>;
}

export function entityContact(data: Dataset, entityType: EntityType, entityId: string): EntityContact {
  const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
  // Every link ever made: who someone is now, not as of a score's instant.
  const canonical = canonicalizer(data.links, Number.POSITIVE_INFINITY);
  const own = data.traits.filter((t) => t.entityType === entityType && t.entityId === entityId).sort(bySeq);
  const linked =
    entityType === 'user'
      ? data.traits
          .filter(
            (t) => t.entityType === 'user' && t.entityId !== entityId && canonical(t.entityId) === entityId,
          )
          .sort(bySeq)
      : [];
  const traits: Record<string, JsonValue> = {};
  // Linked ids' traits first, so the entity's own writes win on the same key.
  for (const t of [...linked, ...own]) traits[t.key] = t.value;
  const text = (key: string): string | null => {
    const value = traits[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const first = text('first_name') ?? text('firstName');
  const last = text('last_name') ?? text('lastName');
  const fullName = [first, last].filter((v) => v !== null).join(' ');
  const companyTrait = traits.company;
  const company =
    entityType === 'account'
      ? (text('name') ?? text('company_name'))
      : typeof companyTrait === 'string'
        ? companyTrait
        : isJsonObject(companyTrait) && typeof companyTrait.name === 'string'
          ? companyTrait.name
          : null;
  // An account's contact person: its own e-mail trait, else the member who identified most recently.
  const email =
    text('email') ?? (entityType === 'account' ? latestMemberEmail(data, entityId, canonical) : null);
  const emailDomain = email?.includes('@') ? (email.split('@').pop()?.toLowerCase() ?? null) : null;
  const ownDomain = text('domain') ?? hostOf(text('website'));
  const domain = entityType === 'account' ? (ownDomain ?? emailDomain) : (emailDomain ?? ownDomain);
  return {
    name: entityType === 'account' ? company : (text('name') ?? (fullName === '' ? null : fullName)),
    company,
    email,
    domain,
    traits,
  };
}

/** A member joined with a `group` call, or (a `domain:` account) shares the e-mail's domain. */
function latestMemberEmail(data: Dataset, accountId: string, canonical: Canonicalize): string | null {
  const members = new Set(
    data.memberships.filter((m) => m.groupId === accountId).map((m) => canonical(m.userKey)),
  );
  let best: { seq: number; email: string } | null = null;
  for (const t of data.traits) {
    if (t.entityType !== 'user' || t.key !== 'email' || typeof t.value !== 'string' || !t.value.includes('@'))
      continue;
    if (!members.has(canonical(t.entityId)) && domainAccountOf(t.value) !== accountId) continue;
    if (best === null || t.seq > best.seq) best = { seq: t.seq, email: t.value.trim() };
  }
  return best?.email ?? null;
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url.includes('://') ? url : `https://${url}`).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return null;
  }
}
