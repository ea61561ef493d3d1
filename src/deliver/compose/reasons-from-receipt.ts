/**
 * The "why" of an alert: the hand-raising first, then the held signals that earned the most points,
 * and apart from them what took points away; in the receipt's words (score/explain/why-lines.ts),
 * relative to the receipt's own as-of time.
 */
import type { Receipt } from '../../score/explain/receipt.ts';
import { type WhyLine, whyOf } from '../../score/explain/why-lines.ts';
import type { AlertReason } from '../alert.ts';

export interface AlertWhy {
  readonly reasons: AlertReason[];
  readonly deductions: AlertReason[];
}

export function whyFromReceipt(receipt: Receipt, limit: number): AlertWhy {
  const why = whyOf(receipt, receipt.asOf, limit);
  return { reasons: why.reasons.map(alertReason), deductions: why.deductions.map(alertReason) };
}

/** The reasons alone (hand-raisers and positives). */
export function reasonsFromReceipt(receipt: Receipt, limit: number): AlertReason[] {
  return whyFromReceipt(receipt, limit).reasons;
}

function alertReason(line: WhyLine): AlertReason {
  return {
    signal: line.signal,
    text: line.text,
    points: line.points,
    kind: line.kind,
    label: line.behaviour,
    evidence: line.evidence,
  };
}
