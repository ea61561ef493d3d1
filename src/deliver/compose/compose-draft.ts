/**
 * The outreach draft attached to every alert: the template of the behaviour that triggered the
 * qualification (or the strongest one), filled with the person, the company and the evidence.
 */
import type { Alert, AlertReason } from '../alert.ts';
import { DEFAULT_TEMPLATES, type DraftTemplates, type Placeholder, signalKind } from './draft-templates.ts';

export type DraftInput = Pick<Alert, 'name' | 'company' | 'email' | 'reasons' | 'triggeringEvent' | 'owner'>;

export interface Draft {
  readonly subject: string;
  readonly body: string;
}

export function composeDraft(input: DraftInput, templates: DraftTemplates = {}): Draft {
  const lead = leadReason(input);
  const signal = lead?.signal ?? input.triggeringEvent?.event ?? '';
  const text = lead?.text ?? '';
  const template =
    templates[signal] ??
    (signalKind(signal, text) === 'other' ? templates['*'] : undefined) ??
    DEFAULT_TEMPLATES[signalKind(signal, text)];
  const values: Record<Placeholder, string> = {
    first_name: firstName(input.name),
    name: input.name ?? 'there',
    company: input.company ?? 'your team',
    behaviour: behaviour(lead, input),
    evidence: evidence(lead, input),
    signal,
    owner_name: input.owner?.name ?? 'The team',
  };
  const fill = (text: string) =>
    text.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
      key in values ? values[key as Placeholder] : whole,
    );
  return { subject: fill(template.subject).replace(/\s+/g, ' ').trim(), body: fill(template.body) };
}

/** The reason about the triggering event when there is one, else the strongest. */
function leadReason(input: DraftInput): AlertReason | undefined {
  const event = input.triggeringEvent?.event;
  const about = event === undefined ? undefined : input.reasons.find((reason) => reason.text.includes(event));
  return about ?? input.reasons[0];
}

/** A receipt line reads "Label: evidence" when the signal has a label. */
function splitLabel(text: string): { label: string | null; rest: string } {
  const at = text.indexOf(': ');
  return at === -1 ? { label: null, rest: text } : { label: text.slice(0, at), rest: text.slice(at + 2) };
}

function behaviour(lead: AlertReason | undefined, input: DraftInput): string {
  if (lead === undefined) {
    const event = input.triggeringEvent?.event;
    return event === undefined ? 'your recent activity' : humanise(event);
  }
  const { label } = splitLabel(lead.text);
  return label === null ? humanise(lead.signal) : lowerFirst(label);
}

function evidence(lead: AlertReason | undefined, input: DraftInput): string {
  if (lead !== undefined) return splitLabel(lead.text).rest;
  const trigger = input.triggeringEvent;
  return trigger === null
    ? 'in the last few days'
    : `${trigger.event} at ${trigger.at.slice(0, 16).replace('T', ' ')} UTC`;
}

function firstName(name: string | null): string {
  const first = name?.trim().split(/\s+/)[0];
  return first === undefined || first === '' || first.includes('@') ? 'there' : first;
}

function humanise(identifier: string): string {
  return identifier
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** "Invited 5+ teammates" → "invited 5+ teammates"; acronyms ("SSO enabled") stay. */
function lowerFirst(text: string): string {
  return /^[A-Z][A-Z]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
