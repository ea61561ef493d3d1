/** Small pieces of wording shared by receipts and alerts: durations, "2 days ago", values. */
import type { Comparison, Scalar } from '../../definition/ir.ts';
import type { SignalValue } from '../entity-score.ts';

const UNITS = [
  { ms: 86_400_000, name: 'day' },
  { ms: 3_600_000, name: 'hour' },
  { ms: 60_000, name: 'minute' },
] as const;

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 14d → "14 days", 36h → "36 hours", 1d → "1 day". */
export function durationPhrase(ms: number): string {
  const unit = UNITS.find((candidate) => ms % candidate.ms === 0) ?? { ms: 1000, name: 'second' };
  return plural(ms / unit.ms, unit.name);
}

/** "in the last 14 days", "in the last day", "so far". */
export function windowPhrase(withinMs: number | null): string {
  if (withinMs === null) return 'so far';
  const text = durationPhrase(withinMs);
  return text.startsWith('1 ') ? `in the last ${text.slice(2)}` : `in the last ${text}`;
}

/** Whole units, rounded down: "2 days ago", "3 hours ago", "just now". */
export function agoPhrase(at: number, now: number): string {
  const elapsed = now - at;
  if (elapsed < 0) return `at ${new Date(at).toISOString()}`;
  const unit = UNITS.find((candidate) => elapsed >= candidate.ms);
  return unit === undefined ? 'just now' : `${plural(Math.floor(elapsed / unit.ms), unit.name)} ago`;
}

export function valueText(value: SignalValue | Scalar): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function comparisonText(comparison: Comparison): string {
  switch (comparison.op) {
    case 'in':
    case 'not_in':
      return `${comparison.op.replace('_', ' ')} [${comparison.values.map(valueText).join(', ')}]`;
    case 'exists':
      return comparison.value ? 'is set' : 'is not set';
    case 'starts_with':
      return `starts with ${valueText(comparison.value)}`;
    default:
      return `${SYMBOLS[comparison.op]} ${valueText(comparison.value)}`;
  }
}

const SYMBOLS = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', contains: 'contains' } as const;

/** 100 → "×1", 50 → "×0.5", 75 → "×0.75". */
export function multiplierText(percent: number): string {
  return `×${percent / 100}`;
}
