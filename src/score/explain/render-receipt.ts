/**
 * A receipt as plain text a salesperson can read in one glance: what happened, how recently,
 * what it was worth, and what is missing. Wording only; every number comes from the receipt.
 */
import { describeSignal, signalBehaviour } from './describe-signal.ts';
import { agoPhrase, durationPhrase, multiplierText, plural } from './phrases.ts';
import type { NextTierReceipt, Receipt, SignalReceipt } from './receipt.ts';

export function renderReceipt(receipt: Receipt, now: number): string {
  const lines = [headline(receipt)];
  if (receipt.handRaiser) {
    lines.push(`Raised a hand: ${receipt.handRaisers.map((name) => nameOf(receipt, name)).join(', ')}`);
  }
  if (receipt.gates.length > 0) {
    lines.push(`Gates: ${receipt.gates.map((gate) => `${gate.name} ${gate.held ? '✓' : '✗'}`).join(', ')}`);
  }
  if (receipt.failingGate !== null) lines.push(`Not a PQL: the ${receipt.failingGate} gate does not hold.`);

  const line = (signal: SignalReceipt) => `  ${pointsText(signal.points)}  ${describeSignal(signal, now)}`;
  const section = (title: string, signals: readonly SignalReceipt[]) =>
    signals.length === 0 ? [] : [title, ...signals.map(line)];
  const { signals } = receipt;
  lines.push(
    ...section(
      'Why:',
      signals.filter((signal) => signal.holds && signal.points !== null),
    ),
    ...section(
      'Also:',
      signals.filter((signal) => signal.holds && signal.points === null),
    ),
    ...section(
      'Not yet:',
      signals.filter((signal) => !signal.holds && (signal.points ?? 0) > 0),
    ),
  );

  const gated = receipt.failingGate === null ? '' : ', gated';
  lines.push(
    recencyLine(receipt, now),
    `Points ${receipt.pointsTotal} ${multiplierText(receipt.multiplierPercent)} → score ${receipt.score} (cap ${receipt.cap}${gated})`,
  );
  const next = receipt.nextTier;
  if (next !== null) lines.push(`Next tier: ${next.name} at ${next.min}, ${reach(next)}.`);
  return lines.join('\n');
}

function reach(next: NextTierReceipt): string {
  if (next.pointsNeeded === null) return 'out of reach at this multiplier and cap';
  const needs = [
    ...next.blockedBy.map((gate) => `the ${gate} gate`),
    ...(next.pointsNeeded === 0 ? [] : [plural(next.pointsNeeded, 'more point')]),
  ];
  return `needs ${needs.join(' and ')}`;
}

function headline(receipt: Receipt): string {
  const tier = receipt.tier === null ? 'no tier' : receipt.tier;
  const at = new Date(receipt.asOf).toISOString().replace('T', ' ').slice(0, 16);
  return `${receipt.entityType} ${receipt.entityId}: score ${receipt.score} (${tier}) as of ${at} UTC [${receipt.definition}]`;
}

function recencyLine(receipt: Receipt, now: number): string {
  const last =
    receipt.lastEventAt === null ? 'no activity yet' : `last active ${agoPhrase(receipt.lastEventAt, now)}`;
  if (!receipt.recency.hasRows) return `Recency: ${last}.`;
  const row =
    receipt.recency.row === null
      ? 'no recency row applies'
      : receipt.recency.withinMs === null
        ? 'otherwise'
        : `within ${durationPhrase(receipt.recency.withinMs)}`;
  return `Recency: ${last} (${row}) → ${multiplierText(receipt.multiplierPercent)}`;
}

/** "+30", "−20", or blank for a signal without points, padded so descriptions line up. */
function pointsText(points: number | null): string {
  if (points === null) return '    ';
  return (points < 0 ? `−${-points}` : `+${points}`).padStart(4);
}

/** The hand-raiser in words: its label, else what it watches for ("Demo Requested"). */
function nameOf(receipt: Receipt, name: string): string {
  const signal: SignalReceipt | undefined = receipt.signals.find((candidate) => candidate.name === name);
  return signal === undefined ? name : signalBehaviour(signal);
}
