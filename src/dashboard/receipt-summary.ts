/** The few strongest reasons of a stored receipt, in words, for a row of the lead queue. */
import { describeSignal } from '../score/explain/describe-signal.ts';
import type { Receipt } from '../score/explain/receipt.ts';
import type { SignalSummary } from './lead-types.ts';

/** A receipt as the engine stored it (`qualifications.receipt`: our own JSON, not a trust boundary). */
export function parseReceipt(text: unknown): Receipt | null {
  if (typeof text !== 'string') return null;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && 'signals' in value && Array.isArray(value.signals)
    ? (value as Receipt)
    : null;
}

/** Held signals by what they contributed (hand-raisers without points after them), strongest first. */
export function topSignals(receipt: Receipt, now: number, count = 3): SignalSummary[] {
  const held = receipt.signals.filter(
    (s) => s.holds && (s.contributed > 0 || receipt.handRaisers.includes(s.name)),
  );
  return held
    .sort((a, b) => b.contributed - a.contributed || (a.name < b.name ? -1 : 1))
    .slice(0, count)
    .map((s) => ({ signal: s.name, label: s.label, points: s.contributed, text: describeSignal(s, now) }));
}
