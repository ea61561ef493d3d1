/**
 * The short "why" of a lead that alerts, the lead queue and CRM fields show: the hand-raising first
 * (worth points or not), then what added the most points, and separately what took points away. Each
 * line in people's words (describe-signal.ts), relative to `now`.
 */
import { signalBehaviour, signalEvidence } from './describe-signal.ts';
import type { Receipt, SignalReceipt } from './receipt.ts';

export type WhyKind = 'hand_raiser' | 'positive' | 'negative';

export interface WhyLine {
  /** The signal's name in the definition: for machines, never shown. */
  readonly signal: string;
  readonly kind: WhyKind;
  /** What the lead did, in words: the signal's label, else a phrase from its definition. */
  readonly behaviour: string;
  /** The evidence alone: "Demo Requested ×1 in the last 30 days, last 1 minute ago". */
  readonly evidence: string;
  /** "Label: evidence", or the evidence alone for a signal without a label; capitalised. */
  readonly text: string;
  /** What it added to the total (negative for what took points away; 0 for a hand-raiser without points). */
  readonly points: number;
}

export interface Why {
  /** Hand-raisers, then the strongest positives: at most `limit` in all. */
  readonly reasons: readonly WhyLine[];
  /** What took points away, most first: at most `limit`. */
  readonly deductions: readonly WhyLine[];
}

export function whyOf(receipt: Receipt, now: number, limit: number): Why {
  const line = (signal: SignalReceipt, kind: WhyKind): WhyLine => {
    const evidence = signalEvidence(signal, now);
    return {
      signal: signal.name,
      kind,
      behaviour: capitalise(signalBehaviour(signal)),
      evidence,
      text: capitalise(signal.label === null ? evidence : `${signal.label}: ${evidence}`),
      points: signal.contributed,
    };
  };
  const ordered = receipt.signals.map((signal, order) => ({ signal, order }));
  const raised = new Set(receipt.handRaisers);
  const handRaisers = ordered
    .filter(({ signal }) => signal.holds && raised.has(signal.name))
    .map(({ signal }) => line(signal, 'hand_raiser'));
  const positives = ordered
    .filter(({ signal }) => signal.holds && signal.contributed > 0 && !raised.has(signal.name))
    .sort((a, b) => b.signal.contributed - a.signal.contributed || a.order - b.order)
    .map(({ signal }) => line(signal, 'positive'));
  const deductions = ordered
    .filter(({ signal }) => signal.holds && signal.contributed < 0)
    .sort((a, b) => a.signal.contributed - b.signal.contributed || a.order - b.order)
    .map(({ signal }) => line(signal, 'negative'));
  const first = handRaisers.slice(0, Math.max(0, limit));
  return {
    reasons: [...first, ...positives.slice(0, Math.max(0, limit - first.length))],
    deductions: deductions.slice(0, Math.max(0, limit)),
  };
}

/** "viewed the pricing page ×3" → "Viewed the pricing page ×3". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
