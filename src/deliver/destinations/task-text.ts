/** The CRM task both HubSpot and Salesforce create: a subject that says what to do, a body with why. */
import type { Alert } from '../alert.ts';
import {
  deductionsOf,
  headline,
  isEscalation,
  nextActionText,
  reasonLine,
  whoText,
} from '../render/alert-words.ts';
import { fitText } from '../render/text-fit.ts';

const SUBJECT_CHARS = 255;

/** An escalation's subject is its headline ("SLA missed: …"); any other names the action first. */
export function taskSubject(alert: Alert): string {
  if (isEscalation(alert)) return fitText(headline(alert), SUBJECT_CHARS);
  const action = alert.nextAction?.text ?? 'Reach out';
  const company = alert.company === null ? '' : ` (${alert.company})`;
  return fitText(`${action}: ${whoText(alert)}${company} — ${headline(alert)}`, SUBJECT_CHARS);
}

/** Ends with the delivery's reference, which lets a retry find the task an earlier attempt made. */
export function taskBody(alert: Alert, idempotencyKey: string): string {
  const list = (title: string, reasons: Alert['reasons']) =>
    reasons.length === 0
      ? null
      : `${title}\n${reasons.map((reason) => `- ${reasonLine(reason)}`).join('\n')}`;
  return [
    isEscalation(alert) ? `${headline(alert)}\nNext action: ${nextActionText(alert)}` : null,
    list('Why:', alert.reasons),
    list('Took points away:', deductionsOf(alert)),
    alert.leadUrl === null ? null : `Lead: ${alert.leadUrl}`,
    `Suggested outreach\nSubject: ${alert.draft.subject}\n\n${alert.draft.body}`,
    `Kindling ref: ${idempotencyKey}`,
  ]
    .filter((part) => part !== null)
    .join('\n\n');
}
