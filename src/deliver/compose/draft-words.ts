/**
 * The words a draft is filled with, for a customer: a clause with its subject ("you requested a
 * demo", "your team reached a seat limit"), a first name, a sign-off. Labels are written by whoever
 * wrote the definition and may be a verb phrase ("Requested a demo"), an adjective ("Active on 14+
 * days") or a noun phrase ("3+ active users"); only the first two make a sentence after "you", so a
 * noun phrase gives way to the event behind it, then to plain words about using the product.
 */
import type { AlertOwner, AlertReason } from '../alert.ts';

/** Who did it: the person greeted, else their team. */
export interface Actor {
  readonly subject: 'you' | 'your team';
  readonly be: 'were' | 'was';
  readonly have: 'have' | 'has';
}

export const PERSON: Actor = { subject: 'you', be: 'were', have: 'have' };
export const TEAM: Actor = { subject: 'your team', be: 'was', have: 'has' };

const IRREGULAR_PAST = new Set([
  'began',
  'bought',
  'brought',
  'built',
  'chose',
  'did',
  'found',
  'gave',
  'got',
  'had',
  'hit',
  'kept',
  'left',
  'made',
  'met',
  'paid',
  'put',
  'ran',
  'read',
  'sent',
  'set',
  'sold',
  'spent',
  'took',
  'won',
  'wrote',
]);
const NOT_VERBS = new Set(['bed', 'feed', 'hundred', 'need', 'red', 'seed', 'speed', 'weed', 'advanced']);
/** Adjectives, and participles that describe rather than act ("Based in Europe"): "you were …". */
const STATES = new Set([
  'active',
  'busy',
  'engaged',
  'online',
  'based',
  'headquartered',
  'interested',
  'located',
  'subscribed',
  'verified',
]);

/** "you requested a demo": a clause from the reason's label or event, else about using the product. */
export function behaviourClause(reason: AlertReason | undefined, event: string | null, actor: Actor): string {
  const label = reason === undefined ? null : labelOf(reason);
  const fromLabel = label === null ? null : clauseFrom(label, actor);
  if (fromLabel !== null) return fromLabel;
  const fromEvidence = reason === undefined ? null : eventClause(leadingEvent(reason), actor);
  if (fromEvidence !== null) return fromEvidence;
  const fromTrigger = event === null ? null : eventClause(event, actor);
  return fromTrigger ?? `${actor.subject} ${actor.have} been making good use of the product`;
}

/** The label alone ("Hit the seat limit"); reasons stored before labels were carried have it in their text. */
function labelOf(reason: AlertReason): string | null {
  if (reason.label !== undefined) return reason.label;
  const at = reason.text.indexOf(': ');
  return at === -1 ? null : reason.text.slice(0, at);
}

function clauseFrom(label: string, actor: Actor): string | null {
  const phrase = tidy(label);
  const first = phrase.split(' ')[0] ?? '';
  if (STATES.has(first)) return `${actor.subject} ${actor.be} ${phrase}`;
  if (isPastVerb(first)) return `${actor.subject} ${phrase}`;
  return null;
}

/** "Seat Limit Reached" (object, then past-tense action, as Segment names events) → "reached a seat limit". */
function eventClause(event: string | null, actor: Actor): string | null {
  if (event === null) return null;
  if (/^viewed (the|a) [a-z0-9 ]+ (page|screen)$/i.test(event)) return `${actor.subject} ${tidy(event)}`;
  const parts = event
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((part) => (/^[A-Z0-9]{2,}$/.test(part) ? part : part.toLowerCase()))
    .filter((part) => /^[A-Za-z0-9]+$/.test(part));
  const verb = parts.at(-1);
  if (verb === undefined || !isPastVerb(verb)) return null;
  const object = parts.slice(0, -1).join(' ');
  if (object === '') return `${actor.subject} ${verb}`;
  return `${actor.subject} ${verb} ${/^[aeiouAEIO]/.test(object) ? 'an' : 'a'} ${object}`;
}

/** The event a reason's evidence starts with ("Seat Limit Reached ×1 …", "Viewed the pricing page ×2 …"). */
function leadingEvent(reason: AlertReason): string | null {
  const match = /^(.+?) (?:×\d|\d+ of \d+ times?\b)/.exec(evidenceOf(reason));
  return match?.[1] ?? null;
}

/** The evidence alone; alerts stored before reasons carried it have "Label: evidence" text. */
export function evidenceOf(reason: AlertReason): string {
  if (reason.evidence !== undefined) return reason.evidence;
  const at = reason.text.indexOf(': ');
  return at === -1 ? reason.text : reason.text.slice(at + 2);
}

function isPastVerb(word: string): boolean {
  return IRREGULAR_PAST.has(word) || (/^[a-z]{3,}ed$/.test(word) && !NOT_VERBS.has(word));
}

/** Lower-case first word (acronyms stay), no parenthetical asides, no end punctuation. */
function tidy(label: string): string {
  const bare = label
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/[\s.!?:;,]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return /^[A-Z][A-Z]/.test(bare) ? bare : bare.charAt(0).toLowerCase() + bare.slice(1);
}

/** The first word of a person's name; null for e-mail addresses, ids and blanks. */
export function firstName(name: string | null | undefined): string | null {
  const words = name?.trim().split(/\s+/) ?? [];
  const first = /^(mr|mrs|ms|mx|dr|prof)\.?$/i.test(words[0] ?? '') && words.length > 1 ? words[1] : words[0];
  if (first === undefined || first === '' || /[@$_{}<>\d]/.test(first)) return null;
  return first.charAt(0).toUpperCase() + first.slice(1);
}

const ROLE_MAILBOXES =
  /^(sales|support|success|csm|cs|ae|sdr|team|info|hello|hi|contact|help|admin|noreply|no-reply)$/i;

/** The owner's name, else one read from their address (omar.haddad@ → Omar Haddad), else the team's words. */
export function signature(owner: AlertOwner | null): string {
  const named = owner?.name?.trim();
  if (named !== undefined && named !== '') return named;
  const local = owner?.email?.split('@')[0] ?? '';
  const parts = local.split(/[._-]+/).filter((part) => /^[a-z]{2,}$/i.test(part));
  if (parts.length > 0 && parts.length <= 3 && !ROLE_MAILBOXES.test(local)) {
    return parts.map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()).join(' ');
  }
  return 'Your account team';
}
