/** The CRM task both HubSpot and Salesforce create: a subject that says what to do, a body with why. */
import type { Alert } from '../alert.ts';
import { tierText, whoText } from '../render/alert-words.ts';
import { fitText } from '../render/text-fit.ts';

const SUBJECT_CHARS = 255;

export function taskSubject(alert: Alert): string {
  const action = alert.nextAction?.text ?? 'Reach out';
  const company = alert.company === null ? '' : ` (${alert.company})`;
  return fitText(
    `${action}: ${whoText(alert)}${company} — ${tierText(alert)}, score ${alert.score}`,
    SUBJECT_CHARS,
  );
}

/** Ends with the delivery's reference, which lets a retry find the task an earlier attempt made. */
export function taskBody(alert: Alert, idempotencyKey: string): string {
  const why = alert.reasons.map((reason) => `- ${reason.text} (+${reason.points})`).join('\n');
  return [
    why === '' ? null : `Why:\n${why}`,
    alert.leadUrl === null ? null : `Lead: ${alert.leadUrl}`,
    `Suggested outreach\nSubject: ${alert.draft.subject}\n\n${alert.draft.body}`,
    `Kindling ref: ${idempotencyKey}`,
  ]
    .filter((part) => part !== null)
    .join('\n\n');
}
