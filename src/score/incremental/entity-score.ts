/**
 * An entity's score from the state of its cells and its trait table, finished with the reference
 * evaluator's own rules (bounds, comparisons, seen windows, combinators, points, recency, cap, tier).
 */
import type { AggregateSignal, DefinitionIR } from '../../definition/ir.ts';
import type { EntityScore, SignalOutcome } from '../entity-score.ts';
import { scoreParts } from '../reference/score.ts';
import { aggregateOutcome, combinatorOutcome, seenOutcome, traitOutcome } from '../reference/signals.ts';
import { type TraitTable, traitValue } from '../reference/traits.ts';
import type { Cell, Tally } from './cell.ts';

export interface EntityView {
  readonly id: string;
  /**
   * The entity's cells, each with the user its key belongs to (null: a cell without a key), so
   * distinct users need no identity lookup per cell.
   */
  readonly cells: ReadonlyMap<Cell, string | null>;
  readonly traits: TraitTable | undefined;
  /** Resolves a raw user key to its user as of the time asked (for distinct users). */
  readonly canonical: (key: string) => string;
}

export function scoreView(ir: DefinitionIR, view: EntityView, asOf: number): EntityScore {
  const first = extreme(view.cells.keys(), (cell) => cell.first, Math.min);
  const lastEventAt = extreme(view.cells.keys(), (cell) => cell.last, Math.max);
  const outcomes = new Map<string, SignalOutcome>();
  const signals: Record<string, SignalOutcome> = {};
  let aggregateIndex = 0;
  for (const signal of ir.signals) {
    let outcome: SignalOutcome;
    switch (signal.kind) {
      case 'aggregate':
        outcome = aggregateOutcome(signal, aggregateValue(signal, aggregateIndex++, view, asOf));
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
    outcomes.set(signal.name, outcome);
    setOutcome(signals, signal.name, outcome);
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
 * `signals[name] = outcome`, as `Object.fromEntries` would define it. Built a signal at a time in
 * the definition's order, every score's record shares one shape; `Object.fromEntries` made each
 * a dictionary, 1.6 % of the server's main thread at 5,000 events/s (issue 16). A signal may be
 * named `__proto__` (SIGNAL_NAME allows it), which an assignment would take as the prototype.
 */
function setOutcome(signals: Record<string, SignalOutcome>, name: string, outcome: SignalOutcome): void {
  if (name === '__proto__') {
    Object.defineProperty(signals, name, {
      value: outcome,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else signals[name] = outcome;
}

/** The signal's value over the union of the entity's cells. */
function aggregateValue(signal: AggregateSignal, index: number, view: EntityView, asOf: number): number {
  const tally: Tally = { total: 0, distinct: new Set() };
  for (const [cell, owner] of view.cells) cell.addTo(index, asOf, tally, owner, view.canonical);
  return signal.aggregation.kind === 'count' || signal.aggregation.kind === 'sum'
    ? tally.total
    : tally.distinct.size;
}

/** The least or greatest of a time over cells, null when no cell has one. */
export function extreme(
  cells: Iterable<Cell>,
  read: (cell: Cell) => number | null,
  pick: (a: number, b: number) => number,
): number | null {
  let found: number | null = null;
  for (const cell of cells) {
    const time = read(cell);
    if (time !== null) found = found === null ? time : pick(found, time);
  }
  return found;
}
