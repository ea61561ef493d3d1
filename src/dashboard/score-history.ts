/**
 * An entity's score day by day: the reference evaluator over its neighbourhood at each daily
 * `as_of` of the last N days (the same numbers `kindling score --as-of` would give), for the lead
 * page's chart.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../model/dataset.ts';
import { scoreEntity } from '../score/reference/evaluate.ts';

export const DAY_MS = 86_400_000;

export interface HistoryPoint {
  readonly asOf: string;
  /** null: the entity did not exist yet. */
  readonly score: number | null;
  readonly tier: string | null;
}

export function scoreHistory(
  ir: DefinitionIR,
  data: Dataset,
  entityId: string,
  input: { readonly now: number; readonly days: number; readonly options: EvaluationOptions },
): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (let k = input.days - 1; k >= 0; k--) {
    const asOf = input.now - k * DAY_MS;
    const score = scoreEntity(ir, data, entityId, asOf, input.options);
    points.push({
      asOf: new Date(asOf).toISOString(),
      score: score?.score ?? null,
      tier: score?.tier ?? null,
    });
  }
  return points;
}
