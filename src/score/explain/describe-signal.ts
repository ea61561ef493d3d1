/**
 * One line per signal: "Teammate Invited ×3 in the last 14 days, last 2 days ago",
 * "Viewed pricing 3+ times this week: $page 2 of 3 times in the last 7 days".
 */

import { agoPhrase, comparisonText, durationPhrase, plural, valueText, windowPhrase } from './phrases.ts';
import type { AggregateEvidence, SignalReceipt } from './receipt.ts';

export function describeSignal(signal: SignalReceipt, now: number): string {
  const evidence = signal.evidence;
  const prefix = (fallback: string | null) => {
    const subject = signal.label ?? fallback;
    return subject === null ? '' : `${subject}: `;
  };
  switch (evidence.kind) {
    case 'aggregate':
      return prefix(null) + aggregateText(evidence, signal, now);
    case 'trait': {
      const state = evidence.value === null ? 'is not set' : `is ${valueText(evidence.value)}`;
      const wanted = signal.holds ? '' : ` (wanted ${comparisonText(evidence.comparison)})`;
      return `${prefix(null)}${evidence.trait} ${state}${wanted}`;
    }
    case 'last_seen':
    case 'first_seen': {
      const verb = evidence.kind === 'last_seen' ? 'last active' : 'first seen';
      const when = evidence.at === null ? 'no activity yet' : `${verb} ${agoPhrase(evidence.at, now)}`;
      const wanted = signal.holds ? '' : ` (wanted within ${durationPhrase(evidence.windowMs)})`;
      return `${prefix(signal.name)}${when}${wanted}`;
    }
    case 'count_of': {
      const holding = evidence.items.filter((item) => item.holds).length;
      const need = evidence.atLeast === null ? '' : `, needs ${evidence.atLeast}`;
      return `${prefix(signal.name)}${holding} of ${evidence.items.length} hold${need} (${itemsText(evidence.items)})`;
    }
    default:
      return `${prefix(signal.name)}${evidence.kind} of ${itemsText(evidence.items)}`;
  }
}

function aggregateText(evidence: AggregateEvidence, signal: SignalReceipt, now: number): string {
  const progress = signal.progress;
  const event = evidence.event ?? 'any event';
  const amount = (noun: string) =>
    progress === null ? plural(evidence.value, noun) : `${progress.have} of ${plural(progress.need, noun)}`;
  let text: string;
  switch (evidence.aggregation.kind) {
    case 'count':
      text = progress === null ? `${event} ×${evidence.value}` : `${event} ${amount('time')}`;
      break;
    case 'distinct_users':
      text = `${amount('user')} ${evidence.event === null ? 'active' : `did ${event}`}`;
      break;
    case 'distinct_days':
      text = `${evidence.event === null ? 'active' : event} on ${amount('day')}`;
      break;
    case 'distinct_property':
      text = `${amount(`different ${evidence.aggregation.path.join('.')}`)} in ${event}`;
      break;
    case 'sum': {
      const target = progress === null ? '' : ` of ${progress.need}`;
      text = `${evidence.aggregation.path.join('.')} totals ${evidence.value}${target} over ${event}`;
      break;
    }
  }
  const over =
    evidence.atMost !== null && evidence.value > evidence.atMost ? ` (at most ${evidence.atMost})` : '';
  const last = evidence.lastAt === null ? '' : `, last ${agoPhrase(evidence.lastAt, now)}`;
  return `${text}${over} ${windowPhrase(evidence.withinMs)}${last}`;
}

function itemsText(items: readonly { name: string; label: string | null; holds: boolean }[]): string {
  return items.map((item) => `${item.label ?? item.name} ${item.holds ? '✓' : '✗'}`).join(', ');
}
