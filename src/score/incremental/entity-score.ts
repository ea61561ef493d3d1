/**
 * An entity's score from the state of its cells and its trait table, finished with the reference
 * evaluator's own rules (bounds, comparisons, seen windows, combinators, points, recency, cap, tier).
 */
import type { AggregateSignal, DefinitionIR, Signal } from '../../definition/ir.ts';
import { setOwnEntry } from '../../lib/own-entry.ts';
import type { EntityScore, SignalOutcome } from '../entity-score.ts';
import { scoreParts } from '../reference/score.ts';
import {
  aggregateOutcome,
  combinatorOutcome,
  type Outcomes,
  seenOutcome,
  traitOutcome,
} from '../reference/signals.ts';
import { type TraitTable, traitValue } from '../reference/traits.ts';
import type { Cell, Tally } from './cell.ts';

export interface EntityView {
  readonly id: string;
  /** The entity's cells, each once, in the order they were found. */
  readonly cells: readonly Cell[];
  /**
   * The user each cell's key belongs to, at the cell's position (null: a cell without a key), so
   * distinct users need no identity lookup per cell.
   */
  readonly owners: readonly (string | null)[];
  readonly traits: TraitTable | undefined;
  /** Resolves a raw user key to its user as of the time asked (for distinct users). */
  readonly canonical: (key: string) => string;
}

export function scoreView(ir: DefinitionIR, view: EntityView, asOf: number): EntityScore {
  const first = firstOf(view.cells);
  const lastEventAt = lastOf(view.cells);
  const tally: Tally = { total: 0, distinct: new Set() };
  // The record is the lookup combinators and points read, not a Map beside it: a score's garbage
  // is most of the real-time server's (issue 16). Loops here and below are indexed for the same
  // reason: `for…of` left an iterator result per step in this code.
  const signals: Record<string, SignalOutcome> = {};
  const outcomes: Outcomes = { get: (name) => (Object.hasOwn(signals, name) ? signals[name] : undefined) };
  let aggregateIndex = 0;
  for (let i = 0; i < ir.signals.length; i++) {
    const signal = ir.signals[i] as Signal;
    let outcome: SignalOutcome;
    switch (signal.kind) {
      case 'aggregate':
        outcome = aggregateOutcome(signal, aggregateValue(signal, aggregateIndex++, view, asOf, tally));
        break;
      case 'trait':
        outcome = traitOutcome(signal, traitValue(view.traits, signal.trait));
        break;
      case 'last_seen':
      case 'first_seen':
        outcome = seenOutcome(signal, signal.kind === 'last_seen' ? lastEventAt : first, asOf);
        break;
      default:
        outcome = combinatorOutcome(signal, outcomes);
    }
    setOwnEntry(signals, signal.name, outcome);
  }
  const parts = scoreParts(ir, outcomes, lastEventAt, asOf);
  return {
    entityType: ir.entity,
    entityId: view.id,
    asOf,
    score: parts.score,
    tier: parts.tier,
    handRaiser: parts.handRaiser,
    gates: parts.gates,
    signals,
    pointsTotal: parts.pointsTotal,
    multiplierPercent: parts.multiplierPercent,
    lastEventAt,
  };
}

/**
 * The signal's value over the union of the entity's cells, added up in `tally` (reset here: one
 * per score, as scoring 100 accounts a pass at 5,000 events a second made most of the server's
 * garbage, and with it its collections: issue 16).
 */
function aggregateValue(
  signal: AggregateSignal,
  index: number,
  view: EntityView,
  asOf: number,
  tally: Tally,
): number {
  const counted = signal.aggregation.kind === 'count' || signal.aggregation.kind === 'sum';
  tally.total = 0;
  if (!counted) tally.distinct.clear();
  const { cells, owners } = view;
  for (let i = 0; i < cells.length; i++) {
    (cells[i] as Cell).addTo(index, asOf, tally, owners[i] ?? null, view.canonical);
  }
  return counted ? tally.total : tally.distinct.size;
}

/** The earliest first counted event of the cells, null when none has one. */
export function firstOf(cells: readonly Cell[]): number | null {
  let found: number | null = null;
  for (let i = 0; i < cells.length; i++) {
    const time = (cells[i] as Cell).first;
    if (time !== null && (found === null || time < found)) found = time;
  }
  return found;
}

/** The latest last counted event of the cells, null when none has one. */
export function lastOf(cells: readonly Cell[]): number | null {
  let found: number | null = null;
  for (let i = 0; i < cells.length; i++) {
    const time = (cells[i] as Cell).last;
    if (time !== null && (found === null || time > found)) found = time;
  }
  return found;
}
