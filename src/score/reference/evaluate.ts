/**
 * The reference evaluator: the executable form of DEFINITION-LANGUAGE.md and docs/semantics.md.
 * Plain and slow on purpose; every other engine is tested for equality against it.
 */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../../model/dataset.ts';
import type { EntityScore } from '../entity-score.ts';
import { scoreParts } from './score.ts';
import { evaluateSignals } from './signals.ts';
import { DEFAULT_OPTIONS, type Snapshot, takeSnapshot } from './snapshot.ts';

/** Every entity of the definition's type that exists as of `asOf`, sorted by id (code point order). */
export function scoreAll(
  ir: DefinitionIR,
  data: Dataset,
  asOf: number,
  options: EvaluationOptions = DEFAULT_OPTIONS,
): EntityScore[] {
  const snapshot = takeSnapshot(data, asOf, options);
  return snapshot.entityIds(ir.entity).map((id) => scoreInSnapshot(ir, snapshot, id));
}

/** null when the entity does not exist as of `asOf`. */
export function scoreEntity(
  ir: DefinitionIR,
  data: Dataset,
  entityId: string,
  asOf: number,
  options: EvaluationOptions = DEFAULT_OPTIONS,
): EntityScore | null {
  const snapshot = takeSnapshot(data, asOf, options);
  return snapshot.exists(ir.entity, entityId) ? scoreInSnapshot(ir, snapshot, entityId) : null;
}

export function scoreInSnapshot(ir: DefinitionIR, snapshot: Snapshot, entityId: string): EntityScore {
  const entity = { type: ir.entity, id: entityId };
  const outcomes = evaluateSignals(ir, snapshot, entity);
  const lastEventAt = snapshot.events(entity.type, entity.id).at(-1)?.timestamp ?? null;
  const parts = scoreParts(ir, outcomes, lastEventAt, snapshot.asOf);
  return {
    entityType: entity.type,
    entityId,
    asOf: snapshot.asOf,
    score: parts.score,
    tier: parts.tier,
    handRaiser: parts.handRaiser,
    gates: parts.gates,
    signals: Object.fromEntries(outcomes),
    pointsTotal: parts.pointsTotal,
    multiplierPercent: parts.multiplierPercent,
    lastEventAt,
  };
}
