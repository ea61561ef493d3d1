/** Short phrases every rendering of an alert shares, so Slack, e-mail and CRMs say the same thing. */
import type { Alert } from '../alert.ts';
import { fitText } from './text-fit.ts';

export function whoText(alert: Alert): string {
  const who = alert.name ?? alert.email ?? alert.entityId;
  const email = alert.name !== null && alert.email !== null ? ` <${alert.email}>` : '';
  return `${who}${email}`;
}

export function tierText(alert: Alert): string {
  const tier = alert.tier === null ? 'PQL' : `${capitalise(alert.tier)} PQL`;
  const raised = alert.previousTier === null ? '' : ` (up from ${alert.previousTier})`;
  return `${tier}${raised}`;
}

export function ownerText(alert: Alert): string {
  const owner = alert.owner;
  if (owner === null) return 'Unassigned';
  const who = owner.name ?? owner.email ?? 'Unassigned';
  return owner.team === null ? who : `${who} (${owner.team})`;
}

/** "2024-05-01 14:00 UTC": unambiguous wherever it is read. */
export function utcText(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function nextActionText(alert: Alert): string {
  const next = alert.nextAction;
  return next === null ? 'No action set' : `${next.text}, due ${utcText(next.dueAt)}`;
}

/** One line for CRM fields and subjects: "Teammate Invited ×5 …; Seat limit hit". */
export function signalsSummary(alert: Alert, max: number): string {
  const text = alert.reasons.map((reason) => `${reason.text} (+${reason.points})`).join('; ');
  return fitText(text, max);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
