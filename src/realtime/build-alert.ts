/** The alert every destination receives about one qualification: the receipt's why, the routing, a draft. */
import type { Alert } from '../deliver/alert.ts';
import type { DraftTemplates } from '../deliver/compose/draft-templates.ts';
import { composeDraft, reasonsFromReceipt } from '../deliver/compose/index.ts';
import type { Receipt } from '../score/explain/receipt.ts';
import type { EntityContact } from './entity-contact.ts';
import type { RouteDecision } from './routing-port.ts';
import type { Trigger } from './touched-ids.ts';

/** How many reasons an alert carries; destinations trim further to their own limits. */
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
}

export function leadPath(workspaceId: string, entityType: string, entityId: string): string {
  return `/leads/${encodeURIComponent(workspaceId)}/${entityType}/${encodeURIComponent(entityId)}`;
}

export function buildAlert(input: AlertInput): Alert {
  const { receipt, contact, decision } = input;
  const reasons = reasonsFromReceipt(receipt, ALERT_REASONS);
  const triggeringEvent =
    input.trigger === null
      ? null
      : { event: input.trigger.event, at: new Date(input.trigger.at).toISOString() };
  const owner = decision.owner;
  const draft = composeDraft(
    { name: contact.name, company: contact.company, email: contact.email, reasons, triggeringEvent, owner },
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
    asOf: new Date(receipt.asOf).toISOString(),
    triggeringEvent,
    reasons,
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
