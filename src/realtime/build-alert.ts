/** The alert every destination receives about one qualification: the receipt's why, the routing, a draft. */
import type { Alert, AlertPerson } from '../deliver/alert.ts';
import type { DraftTemplates } from '../deliver/compose/draft-templates.ts';
import { composeDraft, whyFromReceipt } from '../deliver/compose/index.ts';
import type { Dataset, StoredEvent } from '../model/dataset.ts';
import type { Receipt } from '../score/explain/receipt.ts';
import type { EntityContact } from './entity-contact.ts';
import type { RouteDecision } from './routing-port.ts';
import type { Trigger } from './touched-ids.ts';

/** How many reasons (and, apart, deductions) an alert carries; destinations trim further to their own limits. */
export const ALERT_REASONS = 5;

export interface AlertInput {
  readonly id: string;
  readonly workspaceId: string;
  readonly definition: { readonly name: string; readonly version: string };
  readonly receipt: Receipt;
  readonly previousTier: string | null;
  readonly trigger: Trigger | null;
  readonly contact: EntityContact;
  readonly decision: RouteDecision;
  /** The dashboard's base URL, or null. */
  readonly baseUrl: string | null;
  readonly templates?: DraftTemplates;
  /** The entity's neighbourhood (the receipt's own data): who is behind the trigger. */
  readonly data?: Dataset;
}

export function leadPath(workspaceId: string, entityType: string, entityId: string): string {
  return `/leads/${encodeURIComponent(workspaceId)}/${entityType}/${encodeURIComponent(entityId)}`;
}

export function buildAlert(input: AlertInput): Alert {
  const { receipt, contact, decision } = input;
  const { reasons, deductions } = whyFromReceipt(receipt, ALERT_REASONS);
  const triggeringEvent =
    input.trigger === null
      ? null
      : { event: input.trigger.event, at: new Date(input.trigger.at).toISOString() };
  const owner = decision.owner;
  const person =
    receipt.entityType === 'user'
      ? { name: contact.name, email: contact.email }
      : input.data === undefined
        ? null
        : triggerPerson(input.data, receipt.entityId, input.trigger);
  const asOf = new Date(receipt.asOf).toISOString();
  const draft = composeDraft(
    {
      entityType: receipt.entityType,
      name: contact.name,
      company: contact.company,
      email: contact.email,
      person,
      rule: decision.rule,
      handRaiser: receipt.handRaiser,
      asOf,
      reasons,
      triggeringEvent,
      owner,
    },
    input.templates,
  );
  return {
    id: input.id,
    workspaceId: input.workspaceId,
    entityType: receipt.entityType,
    entityId: receipt.entityId,
    name: contact.name,
    company: contact.company,
    email: contact.email,
    score: receipt.score,
    tier: receipt.tier,
    previousTier: input.previousTier,
    handRaiser: receipt.handRaiser,
    definition: input.definition,
    asOf,
    triggeringEvent,
    reasons,
    deductions,
    person,
    rule: decision.rule,
    escalation: null,
    owner,
    nextAction:
      decision.nextAction !== null && decision.slaDueAt !== null
        ? { text: decision.nextAction, dueAt: new Date(decision.slaDueAt).toISOString() }
        : null,
    draft,
    leadUrl:
      input.baseUrl === null
        ? null
        : `${input.baseUrl.replace(/\/+$/, '')}${leadPath(input.workspaceId, receipt.entityType, receipt.entityId)}`,
  };
}

/**
 * The member of an account whose event triggered the alert (the account's latest counted event
 * when the trigger is unknown), with the name and e-mail their traits give. Null when no member's
 * event is in the data.
 */
export function triggerPerson(data: Dataset, accountId: string, trigger: Trigger | null): AlertPerson | null {
  const members = memberKeys(data, accountId);
  const counted = data.events.filter((e) => {
    const key = userKey(e);
    return e.event !== null && key !== null && (e.groupId === accountId || members.has(key));
  });
  const byTrigger =
    trigger === null
      ? undefined
      : counted.find((e) => e.event === trigger.event && e.timestamp === trigger.at);
  const latest = counted.reduce<StoredEvent | undefined>(
    (best, e) => (best === undefined || e.timestamp >= best.timestamp ? e : best),
    undefined,
  );
  const key = userKey(byTrigger ?? latest);
  if (key === null) return null;
  // The user's own key and every id linked to it, so an anonymous visitor's traits count too.
  const ids = new Set([key]);
  for (const link of data.links) {
    if (link.fromId === key) ids.add(link.userId);
    if (link.userId === key) ids.add(link.fromId);
  }
  const traits = data.traits
    .filter((t) => t.entityType === 'user' && ids.has(t.entityId))
    .sort((a, b) => a.seq - b.seq);
  const latestText = (...keys: string[]): string | null => {
    let found: string | null = null;
    for (const t of traits) {
      if (keys.includes(t.key) && typeof t.value === 'string' && t.value.trim() !== '')
        found = t.value.trim();
    }
    return found;
  };
  const first = latestText('first_name', 'firstName');
  const last = latestText('last_name', 'lastName');
  const full = [first, last].filter((part) => part !== null).join(' ');
  const name = latestText('name') ?? (full === '' ? null : full);
  const email = latestText('email');
  return name === null && email === null ? null : { name, email };
}

/**
 * The account's members: by `group` call, and for a `domain:` account (users placed by their e-mail's
 * domain) every user with an address there. The neighbourhood may hold the whole workspace.
 */
function memberKeys(data: Dataset, accountId: string): Set<string> {
  const keys = new Set(data.memberships.filter((m) => m.groupId === accountId).map((m) => m.userKey));
  if (accountId.startsWith('domain:')) {
    const domain = accountId.slice('domain:'.length).toLowerCase();
    for (const t of data.traits) {
      if (t.entityType === 'user' && t.key === 'email' && typeof t.value === 'string') {
        if (t.value.toLowerCase().endsWith(`@${domain}`)) keys.add(t.entityId);
      }
    }
  }
  return keys;
}

function userKey(event: StoredEvent | undefined): string | null {
  return event === undefined ? null : (event.userId ?? event.anonymousId);
}
