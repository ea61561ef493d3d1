/**
 * One line per signal, in the words a rep reads: "Teammate Invited ×3 in the last 14 days, last 2
 * days ago", "Visited pricing 3+ times: viewed the pricing page 2 of 3 times in the last 7 days".
 * Never a generated signal name (`limit.1`), a ✓/✗ mark or a raw `$page`: inline items are described
 * by their own evidence, page calls by the page they match.
 */

import type { Comparison, PropertyFilter } from '../../definition/ir.ts';
import type { JsonValue } from '../../lib/json.ts';
import { agoPhrase, comparisonText, durationPhrase, plural, valueText, windowPhrase } from './phrases.ts';
import type { AggregateEvidence, CombinationItem, Evidence, Progress, SignalReceipt } from './receipt.ts';

export function describeSignal(signal: SignalReceipt, now: number): string {
  const text = signalEvidence(signal, now);
  return signal.label === null ? text : `${signal.label}: ${text}`;
}

/** What the signal is about, for people: its label, else a phrase from its definition. */
export function signalBehaviour(signal: SignalReceipt): string {
  return signal.label ?? behaviourPhrase(signal.evidence);
}

/** The evidence alone, without the label. */
export function signalEvidence(signal: SignalReceipt, now: number): string {
  return evidenceText(signal.evidence, { holds: signal.holds, progress: signal.progress, now });
}

interface Standing {
  readonly holds: boolean;
  readonly progress: Progress | null;
  readonly now: number;
}

function evidenceText(evidence: Evidence, standing: Standing): string {
  const { holds, now } = standing;
  switch (evidence.kind) {
    case 'aggregate':
      return aggregateText(evidence, standing);
    case 'trait': {
      const state = evidence.value === null ? 'is not set' : `is ${valueText(evidence.value)}`;
      const wanted = holds ? '' : ` (wanted ${comparisonText(evidence.comparison)})`;
      return `${words(evidence.trait)} ${state}${wanted}`;
    }
    case 'last_seen':
    case 'first_seen': {
      const verb = evidence.kind === 'last_seen' ? 'last active' : 'first seen';
      const when = evidence.at === null ? 'no activity yet' : `${verb} ${agoPhrase(evidence.at, now)}`;
      const wanted = holds ? '' : ` (wanted within ${durationPhrase(evidence.windowMs)})`;
      return `${when}${wanted}`;
    }
    case 'count_of': {
      const held = evidence.items.filter((item) => item.holds);
      const need = evidence.atLeast === null ? '' : `, needs ${evidence.atLeast}`;
      return `${held.length} of ${evidence.items.length}${need}${itemsText(evidence.items, now)}`;
    }
    case 'any':
    case 'all': {
      const held = evidence.items.filter((item) => item.holds);
      if (held.length === 0) {
        const joiner = evidence.kind === 'any' ? ' or ' : ' and ';
        return `not yet: ${evidence.items.map(itemBehaviour).join(joiner)}`;
      }
      // For `any`, what held is the whole story; for `all`, every item held.
      return held.map((item) => heldItemText(item, now)).join('; ');
    }
    case 'not': {
      const inner = evidence.items.map(itemBehaviour).join(', ');
      return holds ? `not ${inner}` : itemsText(evidence.items, now).slice(2);
    }
  }
}

/** ": A; B; not yet: C" — what held, in evidence, then what is missing, by name. */
function itemsText(items: readonly CombinationItem[], now: number): string {
  const held = items.filter((item) => item.holds).map((item) => heldItemText(item, now));
  const missing = items.filter((item) => !item.holds).map(itemBehaviour);
  const parts = [...held, ...(missing.length === 0 ? [] : [`not yet: ${missing.join(', ')}`])];
  return parts.length === 0 ? '' : `: ${parts.join('; ')}`;
}

function heldItemText(item: CombinationItem, now: number): string {
  if (item.label !== null) return item.label;
  if (item.evidence === undefined) return words(baseName(item.name));
  return evidenceText(item.evidence, { holds: true, progress: null, now });
}

function itemBehaviour(item: CombinationItem): string {
  if (item.label !== null) return item.label;
  return item.evidence === undefined ? words(baseName(item.name)) : behaviourPhrase(item.evidence);
}

/** What a signal watches for, without its outcome: "Seat Limit Reached", "viewed the pricing page". */
function behaviourPhrase(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'aggregate':
      return evidence.event === null ? 'activity' : eventSubject(evidence);
    case 'trait':
      return `${words(evidence.trait)} ${comparisonText(evidence.comparison)}`;
    case 'last_seen':
      return `active within ${durationPhrase(evidence.windowMs)}`;
    case 'first_seen':
      return `first seen within ${durationPhrase(evidence.windowMs)}`;
    default: {
      const joiner = evidence.kind === 'any' ? ' or ' : ' and ';
      const inner = evidence.items.map(itemBehaviour).join(joiner);
      return evidence.kind === 'not' ? `not ${inner}` : inner;
    }
  }
}

function aggregateText(evidence: AggregateEvidence, standing: Standing): string {
  const { progress, now } = standing;
  const subject = evidence.event === null ? 'any event' : eventSubject(evidence);
  const amount = (noun: string) =>
    progress === null ? plural(evidence.value, noun) : `${progress.have} of ${plural(progress.need, noun)}`;
  const page = pseudoEvent(evidence.event);
  let text: string;
  switch (evidence.aggregation.kind) {
    case 'count':
      text = progress === null ? `${subject} ×${evidence.value}` : `${subject} ${amount('time')}`;
      break;
    case 'distinct_users':
      text = `${amount('user')} ${evidence.event === null ? 'active' : page ? subject : `did ${subject}`}`;
      break;
    case 'distinct_days':
      text = `${evidence.event === null ? 'active' : subject} on ${amount('day')}`;
      break;
    case 'distinct_property': {
      const over = page ? `when they ${subject}` : `in ${subject}`;
      text = `${amount(`different ${words(evidence.aggregation.path.join(' '))}`)} ${over}`;
      break;
    }
    case 'sum': {
      const target = progress === null ? '' : ` of ${progress.need}`;
      const over = page ? `when they ${subject}` : `over ${subject}`;
      text = `${words(evidence.aggregation.path.join(' '))} totals ${evidence.value}${target} ${over}`;
      break;
    }
  }
  const over =
    evidence.atMost !== null && evidence.value > evidence.atMost ? ` (at most ${evidence.atMost})` : '';
  const last = evidence.lastAt === null ? '' : `, last ${agoPhrase(evidence.lastAt, now)}`;
  return `${text}${over} ${windowPhrase(evidence.withinMs)}${last}`;
}

/** `$page` and `$screen` are how the store names page and screen calls; people never see them. */
function pseudoEvent(event: string | null): boolean {
  return event === '$page' || event === '$screen';
}

/** The event as people say it: its own name, or "viewed the pricing page" for a page call. */
function eventSubject(evidence: AggregateEvidence): string {
  const event = evidence.event ?? 'any event';
  if (event === '$page') return `viewed ${placeOf(evidence.where ?? [], ['path', 'url', 'name'], 'page')}`;
  if (event === '$screen') return `viewed ${placeOf(evidence.where ?? [], ['name', 'screen'], 'screen')}`;
  return event.startsWith('$') ? words(event.slice(1)) : event;
}

/**
 * A single event as people say it, for "after …": "viewing the pricing page" for a page call with a
 * path, "a page view" without one, "viewing the Settings screen", else the event's own name.
 */
export function eventPhrase(event: string, properties: Readonly<Record<string, JsonValue>>): string {
  const text = (key: string): string | null => {
    const value = properties[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  if (event === '$page') {
    const path = text('path') ?? text('url');
    const place = path === null ? text('name') : pathWords(path);
    return place === null ? 'a page view' : `viewing the ${place} page`;
  }
  if (event === '$screen') {
    const place = text('name') ?? text('screen');
    return place === null ? 'a screen view' : `viewing the ${place} screen`;
  }
  return event.startsWith('$') ? words(event.slice(1)) : event;
}

/** "the pricing page" from `where: { path: /pricing }`; "a page" when no filter names one. */
function placeOf(where: readonly PropertyFilter[], keys: readonly string[], noun: string): string {
  for (const filter of where) {
    const key = filter.path.at(-1) ?? '';
    if (!keys.includes(key)) continue;
    const value = comparedText(filter.comparison);
    if (value === null) continue;
    const place = key === 'path' || key === 'url' ? pathWords(value) : value;
    return `the ${place} ${noun}`;
  }
  return `a ${noun}`;
}

function comparedText(comparison: Comparison): string | null {
  switch (comparison.op) {
    case 'eq':
    case 'contains':
    case 'starts_with':
      return typeof comparison.value === 'string' ? comparison.value : null;
    default:
      return null;
  }
}

/** "/pricing" → "pricing", "/settings/billing-plans" → "billing plans", "/" → "home". */
function pathWords(path: string): string {
  const withoutQuery = path.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
  const last = withoutQuery
    .split('/')
    .filter((part) => part !== '' && part !== '*')
    .at(-1);
  return last === undefined ? 'home' : words(last.replace(/\.[a-z0-9]+$/i, ''));
}

/** An inline item's generated name (`limit.2`, `gate.fit`) without its position. */
function baseName(name: string): string {
  const parts = name.split('.').filter((part) => !/^\d+$/.test(part) && part !== 'gate');
  return parts.at(-1) ?? name;
}

/** "email_domain" → "email domain", "seatLimit" → "seat limit". */
function words(identifier: string): string {
  return identifier
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
}
