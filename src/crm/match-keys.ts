/** How an entity is recognised in a CRM: its e-mail, its company domain, its record id trait. */
import type { ScoredEntity } from './crm-state.ts';

export interface MatchTraits {
  readonly idTrait: string | undefined;
  readonly emailTrait: string;
  readonly domainTrait: string;
}

export const entityKey = (type: string, id: string): string => `${type}:${id}`;

export function entityEmail(entity: ScoredEntity, traits: MatchTraits): string | null {
  if (entity.entityType !== 'user') return null;
  const trait = entity.traits[traits.emailTrait];
  if (typeof trait === 'string' && trait.includes('@')) return trait.trim().toLowerCase();
  return entity.entityId.includes('@') ? entity.entityId.trim().toLowerCase() : null;
}

export function entityDomain(entity: ScoredEntity, traits: MatchTraits): string | null {
  if (entity.entityType !== 'account') return null;
  if (entity.entityId.startsWith('domain:')) return normalizeDomain(entity.entityId.slice(7));
  const trait = entity.traits[traits.domainTrait];
  return typeof trait === 'string' ? normalizeDomain(trait) : null;
}

export function entityRecordId(entity: ScoredEntity, traits: MatchTraits): string | null {
  if (traits.idTrait === undefined) return null;
  const value = entity.traits[traits.idTrait];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return typeof value === 'number' ? String(value) : null;
}

/** `https://www.Acme.com/pricing` → `acme.com`; null when nothing like a host is left. */
export function normalizeDomain(text: string): string | null {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#:]/)[0];
  return host?.includes('.') ? host : null;
}
