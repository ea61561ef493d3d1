/**
 * Explains one entity's score as of a time. Computing lives here; wording lives in
 * `render-receipt.ts`. The numbers come from the reference evaluator itself, so a receipt can
 * never disagree with the score it explains.
 */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../../model/dataset.ts';
import { scoreInSnapshot } from '../reference/evaluate.ts';
import { matchingRecencyRow } from '../reference/score.ts';
import { evaluateSignals, outcomeOf } from '../reference/signals.ts';
import { DEFAULT_OPTIONS, takeSnapshot } from '../reference/snapshot.ts';
import { evidenceFor, progressOf } from './evidence.ts';
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
  const score = scoreInSnapshot(ir, snapshot, entityId);
  const outcomes = evaluateSignals(ir, snapshot, entity);
  const labelOf = (name: string) => ir.signals.find((signal) => signal.name === name)?.label ?? null;
  const context = { snapshot, entity, outcomes, memo: new Map<string, Evidence>() };

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
