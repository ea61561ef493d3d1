/**
 * An SLA escalation of an earlier alert: the same lead and why, re-addressed. It says it is an
 * escalation first (`escalation`, rendered as "SLA missed: …" by every destination), its next action
 * is a sentence for the person who now has the lead, and the draft is signed by them.
 */
import type { Alert, AlertOwner } from '../alert.ts';
import { composeDraft } from './compose-draft.ts';

export interface EscalationFacts {
  /** The escalation's own alert id (the deliveries' idempotency base). */
  readonly id: string;
  /** When the first contact was due (epoch ms). */
  readonly missedDueAt: number;
  /** Who takes the lead over; null when the owner is kept. */
  readonly newOwner: AlertOwner | null;
  /** The new owner's due time (epoch ms); null keeps none, so the action is due now. */
  readonly newDueAt: number | null;
  readonly now: number;
}

export function escalationAlert(original: Alert, facts: EscalationFacts): Alert {
  const previousOwner = original.owner;
  const reassigned = facts.newOwner !== null && facts.newOwner.email !== previousOwner?.email;
  const owner = reassigned ? facts.newOwner : previousOwner;
  const due = new Date(facts.newDueAt ?? facts.now).toISOString();
  return {
    ...original,
    id: facts.id,
    owner,
    escalation: { missedDueAt: new Date(facts.missedDueAt).toISOString(), previousOwner, reassigned },
    nextAction: { text: nextActionSentence(original, reassigned), dueAt: due },
    draft: composeDraft({ ...original, owner }),
  };
}

/** "Contact Alice Martin at Acme today: the lead is yours now and its first contact is overdue." */
function nextActionSentence(alert: Alert, reassigned: boolean): string {
  const person = alert.person?.name ?? alert.name ?? alert.email;
  const company = alert.company !== null && alert.company !== person ? alert.company : null;
  const who =
    person === null ? (company ?? 'this lead') : company === null ? person : `${person} at ${company}`;
  return reassigned
    ? `Contact ${who} today: the lead is yours now and its first contact is overdue.`
    : `Contact ${who} today: the first contact is overdue.`;
}
