/** The few strongest reasons of a stored receipt, in words, for a row of the lead queue. */
import type { Receipt } from '../score/explain/receipt.ts';
import { whyOf } from '../score/explain/why-lines.ts';
import type { SignalSummary } from './lead-types.ts';

/** A receipt as the engine stored it (`qualifications.receipt`: our own JSON, not a trust boundary). */
export function parseReceipt(text: unknown): Receipt | null {
  if (typeof text !== 'string') return null;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && 'signals' in value && Array.isArray(value.signals)
    ? (value as Receipt)
    : null;
}

/**
 * The row's why: hand-raisers first, then the strongest positives (`count` in all), then what took
 * points away (up to `count`), each in people's words (score/explain/why-lines.ts).
 */
export function topSignals(receipt: Receipt, now: number, count = 3): SignalSummary[] {
  const why = whyOf(receipt, now, count);
  return [...why.reasons, ...why.deductions].map((line) => ({
    signal: line.signal,
    label: line.behaviour,
    kind: line.kind,
    points: line.points,
    text: line.text,
  }));
}
