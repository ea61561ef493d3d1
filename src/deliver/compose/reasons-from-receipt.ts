/**
 * The "why" of an alert: the held signals that earned points, strongest first, in the words of the
 * receipt (describe-signal.ts), relative to the receipt's own as-of time.
 */
import { describeSignal } from '../../score/explain/describe-signal.ts';
import type { Receipt } from '../../score/explain/receipt.ts';
import type { AlertReason } from '../alert.ts';

export function reasonsFromReceipt(receipt: Receipt, limit: number): AlertReason[] {
  return receipt.signals
    .filter((signal) => signal.holds && (signal.points ?? 0) > 0)
    .map((signal, order) => ({ signal, order }))
    .sort((a, b) => b.signal.contributed - a.signal.contributed || a.order - b.order)
    .slice(0, Math.max(0, limit))
    .map(({ signal }) => ({
      signal: signal.name,
      text: describeSignal(signal, receipt.asOf),
      points: signal.contributed,
    }));
}
