/** Short phrases every rendering of an alert shares, so Slack, e-mail and CRMs say the same thing. */
import type { Alert, AlertEscalation, AlertOwner, AlertReason } from '../alert.ts';
import { fitText } from './text-fit.ts';

export function whoText(alert: Alert): string {
  const who = alert.name ?? alert.email ?? alert.entityId;
  const email = alert.name !== null && alert.email !== null ? ` <${alert.email}>` : '';
  return `${who}${email}`;
}

/** The tier as the definition names it ("burning", "pql", "Tier 2"), and where it rose from. */
export function tierText(alert: Alert): string {
  if (alert.tier === null) return 'PQL';
  const rose = alert.previousTier !== null && alert.previousTier !== alert.tier;
  return rose ? `${alert.tier} (up from ${alert.previousTier})` : alert.tier;
}

/**
 * The first line of every rendering: an escalation says so first, a hand-raiser leads with what
 * they did, anything else with its tier.
 */
export function headline(alert: Alert): string {
  const escalation = alert.escalation ?? null;
  if (escalation !== null) return escalationHeadline(alert, escalation);
  const score = `score ${alert.score}`;
  if (!alert.handRaiser) return `${tierText(alert)} · ${score}`;
  const raised = alert.reasons.find((reason) => reason.kind === 'hand_raiser');
  const what = raised === undefined ? 'Raised a hand' : `Raised a hand: ${labelText(raised)}`;
  return `${what} · ${tierText(alert)} · ${score}`;
}

/** "SLA missed: Ada Lovelace (Analytical Engines) was due 2024-05-01 14:00 UTC, now reassigned to Jo (AE)". */
function escalationHeadline(alert: Alert, escalation: AlertEscalation): string {
  const company = alert.company === null || alert.company === alert.name ? '' : ` (${alert.company})`;
  const who = `${alert.name ?? alert.email ?? alert.entityId}${company}`;
  const now =
    escalation.reassigned && alert.owner !== null
      ? `now reassigned to ${personText(alert.owner)}`
      : alert.owner === null
        ? 'still unassigned'
        : `still with ${personText(alert.owner)}`;
  return `SLA missed: ${who} was due ${utcText(escalation.missedDueAt)}, ${now}`;
}

export function isEscalation(alert: Alert): boolean {
  return (alert.escalation ?? null) !== null;
}

/** "Triggered by a page view at 2024-05-01 11:59 UTC"; null without a trigger. */
export function triggerText(alert: Alert): string | null {
  const trigger = alert.triggeringEvent;
  if (trigger === null) return null;
  return `Triggered by ${eventWords(trigger.event)} at ${utcText(trigger.at)}`;
}

/** Page and screen calls are stored as `$page` and `$screen`; people read "a page view". */
export function eventWords(event: string): string {
  if (event === '$page') return 'a page view';
  if (event === '$screen') return 'a screen view';
  return event.startsWith('$') ? event.slice(1) : event;
}

export function ownerText(alert: Alert): string {
  return alert.owner === null ? 'Unassigned' : personText(alert.owner);
}

export function personText(owner: AlertOwner): string {
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

/** "+30", "−20", "0": signed, with a real minus sign. */
export function pointsText(points: number): string {
  return points < 0 ? `−${-points}` : `+${points}`;
}

/** One reason as a list item: "Requested a demo: Demo Requested ×1 … (+30)". */
export function reasonLine(reason: AlertReason): string {
  return `${reason.text} (${pointsText(reason.points)})`;
}

/** What took points away; empty for alerts stored before deductions were recorded. */
export function deductionsOf(alert: Alert): readonly AlertReason[] {
  return alert.deductions ?? [];
}

/** One line for CRM fields: "Seat Limit Reached ×1 … (+70); Personal e-mail address: … (−30)". */
export function signalsSummary(alert: Alert, max: number): string {
  const text = [...alert.reasons, ...deductionsOf(alert)].map(reasonLine).join('; ');
  return fitText(text, max);
}

function labelText(reason: AlertReason): string {
  if (reason.label !== undefined) return reason.label;
  const at = reason.text.indexOf(': ');
  return at === -1 ? reason.text : reason.text.slice(0, at);
}
