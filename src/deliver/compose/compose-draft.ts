/**
 * The outreach draft attached to every alert: the template of the routing rule's motion, else of the
 * behaviour that triggered the qualification (or the strongest one), filled with the person behind
 * the trigger, the company and what they did, in words a customer reads (draft-words.ts).
 */
import type { Alert, AlertReason } from '../alert.ts';
import {
  DEFAULT_TEMPLATES,
  type DraftTemplates,
  draftMotion,
  type Placeholder,
  signalKind,
} from './draft-templates.ts';
import { behaviourClause, evidenceOf, firstName, PERSON, signature, TEAM } from './draft-words.ts';

export type DraftInput = Pick<
  Alert,
  'name' | 'company' | 'email' | 'reasons' | 'triggeringEvent' | 'owner' | 'person' | 'rule'
> &
  Partial<Pick<Alert, 'entityType' | 'handRaiser' | 'asOf'>>;

export interface Draft {
  readonly subject: string;
  readonly body: string;
}

export function composeDraft(input: DraftInput, templates: DraftTemplates = {}): Draft {
  const lead = leadReason(input);
  const signal = lead?.signal ?? input.triggeringEvent?.event ?? '';
  const kind = signalKind(signal, lead?.text ?? '');
  const motion =
    draftMotion({
      rule: input.rule ?? null,
      team: input.owner?.team ?? null,
      handRaiser: input.handRaiser ?? false,
    }) ?? kind;
  const template =
    templates[signal] ??
    templates[motion] ??
    (motion === 'other' ? templates['*'] : undefined) ??
    DEFAULT_TEMPLATES[motion];
  const greeted = greetedName(input);
  const event = input.triggeringEvent?.event ?? null;
  const values: Record<Placeholder, string> = {
    first_name: firstName(greeted) ?? 'there',
    name: greeted ?? 'there',
    company: input.company ?? 'your company',
    behaviour: behaviourClause(lead, event, writesToPerson(input) ? PERSON : TEAM),
    evidence: lead === undefined ? 'in the last few days' : evidenceOf(lead),
    when: whenText(input),
    owner_name: signature(input.owner),
  };
  const fill = (text: string) =>
    text.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
      key in values ? values[key as Placeholder] : whole,
    );
  return { subject: fill(template.subject).replace(/\s+/g, ' ').trim(), body: fill(template.body) };
}

/**
 * The person to greet: the one behind the trigger; a user lead's own name otherwise. An account's
 * display name is its company, never a person's.
 */
function greetedName(input: DraftInput): string | null {
  const person = input.person?.name ?? null;
  if (person !== null) return person;
  return input.entityType === 'account' ? null : input.name;
}

/** A user lead, or an account lead whose triggering person is known: "you"; else "your team". */
function writesToPerson(input: DraftInput): boolean {
  const person = input.person;
  return (
    input.entityType !== 'account' ||
    (person !== undefined && person !== null && (person.name ?? person.email) !== null)
  );
}

/** The hand-raising first, then the reason about the triggering event, else the strongest. */
function leadReason(input: DraftInput): AlertReason | undefined {
  const raised = input.reasons.find((reason) => reason.kind === 'hand_raiser');
  if (raised !== undefined) return raised;
  const event = input.triggeringEvent?.event;
  const about = event === undefined ? undefined : input.reasons.find((reason) => reason.text.includes(event));
  return about ?? input.reasons.find((reason) => reason.points > 0) ?? input.reasons[0];
}

/** "today" when the trigger is within a day of the alert, else "recently". */
function whenText(input: DraftInput): string {
  const at = Date.parse(input.triggeringEvent?.at ?? '');
  const asOf = Date.parse(input.asOf ?? '');
  if (Number.isNaN(at) || Number.isNaN(asOf)) return 'recently';
  return asOf - at < 86_400_000 && new Date(at).getUTCDate() === new Date(asOf).getUTCDate()
    ? 'today'
    : 'recently';
}
