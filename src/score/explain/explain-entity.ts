/**
 * Explains one entity's score as of a time. Computing lives here; wording lives in
 * `render-receipt.ts`. The numbers come from the evaluator that scored the entity (the reference
 * over a dataset, or the incremental scorer's state through `receiptOf`), so a receipt can never
 * disagree with the score it explains.
 */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../../model/dataset.ts';
import type { EntityScore } from '../entity-score.ts';
import { scoreInSnapshot } from '../reference/evaluate.ts';
import { matchingRecencyRow } from '../reference/score.ts';
import { evaluateSignals, type Outcomes, outcomeOf } from '../reference/signals.ts';
import { DEFAULT_OPTIONS, takeSnapshot } from '../reference/snapshot.ts';
import { type EvidenceSource, evidenceFor, progressOf, snapshotSource } from './evidence.ts';
import { nextTier } from './next-tier.ts';
import type { Evidence, GateReceipt, Receipt, SignalReceipt } from './receipt.ts';

/** null when the entity does not exist as of `asOf`. */
export function explainEntity(
  ir: DefinitionIR,
  data: Dataset,
  entityId: string,
  asOf: number,
  options: EvaluationOptions = DEFAULT_OPTIONS,
): Receipt | null {
  const snapshot = takeSnapshot(data, asOf, options);
  if (!snapshot.exists(ir.entity, entityId)) return null;
  const entity = { type: ir.entity, id: entityId };
  return receiptOf(ir, {
    score: scoreInSnapshot(ir, snapshot, entityId),
    outcomes: evaluateSignals(ir, snapshot, entity),
    source: snapshotSource(snapshot, entity),
  });
}

/** What a receipt is made of: the entity's score, every signal's outcome, and its events' evidence. */
export interface Explained {
  readonly score: EntityScore;
  readonly outcomes: Outcomes;
  readonly source: EvidenceSource;
}

/** The receipt of a score an evaluator computed, with the evidence from the same state. */
export function receiptOf(ir: DefinitionIR, explained: Explained): Receipt {
  const { score, outcomes, source } = explained;
  const { entityId, asOf } = score;
  const labelOf = (name: string) => ir.signals.find((signal) => signal.name === name)?.label ?? null;
  const context = { source, outcomes, memo: new Map<string, Evidence>() };

  const signals: SignalReceipt[] = ir.signals
    .filter((signal) => !signal.inline)
    .map((signal) => {
      const outcome = outcomeOf(outcomes, signal.name);
      const evidence = evidenceFor(ir, signal, outcome, context);
      const points = ir.points.find((entry) => entry.signal === signal.name)?.points ?? null;
      return {
        name: signal.name,
        label: signal.label,
        holds: outcome.holds,
        value: outcome.value,
        points,
        contributed: outcome.holds ? (points ?? 0) : 0,
        evidence,
        progress: progressOf(evidence, outcome.holds),
      };
    });
  const gates: GateReceipt[] = ir.gates.map((gate) => ({
    name: gate.name,
    signal: gate.signal,
    label: labelOf(gate.signal),
    held: score.gates[gate.name] ?? false,
  }));
  const failingGates = gates.filter((gate) => !gate.held).map((gate) => gate.name);
  const row = matchingRecencyRow(ir.recency, score.lastEventAt, asOf);

  return {
    definition: ir.name,
    entityType: ir.entity,
    entityId,
    asOf,
    score: score.score,
    tier: score.tier,
    handRaiser: score.handRaiser,
    handRaisers: ir.handRaisers.filter((name) => outcomeOf(outcomes, name).holds),
    gates,
    failingGate: failingGates[0] ?? null,
    signals,
    pointsTotal: score.pointsTotal,
    multiplierPercent: score.multiplierPercent,
    cap: ir.cap,
    recency: {
      row,
      withinMs: row === null ? null : (ir.recency[row]?.withinMs ?? null),
      percent: score.multiplierPercent,
      hasRows: ir.recency.length > 0,
    },
    lastEventAt: score.lastEventAt,
    nextTier: nextTier(ir, { ...score, failingGates, signals }),
  };
}
