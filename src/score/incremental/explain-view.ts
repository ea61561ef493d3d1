/**
 * An entity's receipt from the state of its cells: the score and outcomes `scoreView` computes, and
 * the evidence (how many events matched each aggregate signal, first and last; first and last seen)
 * from the same cells, so it equals the reference's `explainEntity` at the same `asOf`.
 */
import type { AggregateSignal, DefinitionIR } from '../../definition/ir.ts';
import { type EvidenceSource, type Matches, type Receipt, receiptOf } from '../explain/index.ts';
import { type EntityView, firstOf, lastOf, scoreView } from './entity-score.ts';

export function explainView(ir: DefinitionIR, view: EntityView, asOf: number): Receipt {
  const score = scoreView(ir, view, asOf);
  const aggregates = ir.signals.filter((signal): signal is AggregateSignal => signal.kind === 'aggregate');
  const source: EvidenceSource = {
    matches(signal) {
      const index = aggregates.indexOf(signal);
      let matches: Matches = { matched: 0, firstAt: null, lastAt: null };
      for (const cell of view.cells) matches = mergeMatches(matches, cell.matches(index, asOf));
      return matches;
    },
    seenAt(kind) {
      return kind === 'first_seen' ? firstOf(view.cells) : lastOf(view.cells);
    },
  };
  return receiptOf(ir, { score, outcomes: new Map(Object.entries(score.signals)), source });
}

/** Several cells' matches as one entity's. */
function mergeMatches(into: Matches, more: Matches): Matches {
  const pick = (a: number | null, b: number | null, f: (x: number, y: number) => number) =>
    a === null ? b : b === null ? a : f(a, b);
  return {
    matched: into.matched + more.matched,
    firstAt: pick(into.firstAt, more.firstAt, Math.min),
    lastAt: pick(into.lastAt, more.lastAt, Math.max),
  };
}
