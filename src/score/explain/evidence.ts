/**
 * The evidence behind one signal's outcome, from the same state the score used: the reference
 * evaluator's snapshot, or the incremental scorer's cells (`EvidenceSource`).
 */
import type { AggregateSignal, Bounds, DefinitionIR, Signal } from '../../definition/ir.ts';
import type { SignalOutcome } from '../entity-score.ts';
import { matchingEvents } from '../reference/aggregate.ts';
import { type EntityRef, type Outcomes, outcomeOf } from '../reference/signals.ts';
import type { Snapshot } from '../reference/snapshot.ts';
import type { CombinationItem, Evidence, Progress } from './receipt.ts';

/** The events that matched an aggregate signal's name, filters and window: how many, and when. */
export interface Matches {
  readonly matched: number;
  readonly firstAt: number | null;
  readonly lastAt: number | null;
}

/** What evidence needs of an entity's events as of the receipt's time. */
export interface EvidenceSource {
  matches(signal: AggregateSignal): Matches;
  /** The entity's first or last counted event over all history, null when it has none. */
  seenAt(kind: 'first_seen' | 'last_seen'): number | null;
}

/** An entity's evidence from the reference evaluator's snapshot. */
export function snapshotSource(snapshot: Snapshot, entity: EntityRef): EvidenceSource {
  return {
    matches(signal) {
      const matching = matchingEvents(signal, snapshot.events(entity.type, entity.id), snapshot.asOf);
      return {
        matched: matching.length,
        firstAt: matching[0]?.timestamp ?? null,
        lastAt: matching.at(-1)?.timestamp ?? null,
      };
    },
    seenAt(kind) {
      const events = snapshot.events(entity.type, entity.id);
      return (kind === 'last_seen' ? events.at(-1) : events[0])?.timestamp ?? null;
    },
  };
}

export interface EvidenceContext {
  readonly source: EvidenceSource;
  readonly outcomes: Outcomes;
  /** Evidence already computed, by signal name: a named item is computed once, not per parent. */
  readonly memo?: Map<string, Evidence>;
}

export function evidenceFor(
  ir: DefinitionIR,
  signal: Signal,
  outcome: SignalOutcome,
  context: EvidenceContext,
): Evidence {
  const known = context.memo?.get(signal.name);
  if (known !== undefined) return known;
  const evidence = computeEvidence(ir, signal, outcome, context);
  context.memo?.set(signal.name, evidence);
  return evidence;
}

function computeEvidence(
  ir: DefinitionIR,
  signal: Signal,
  outcome: SignalOutcome,
  context: EvidenceContext,
): Evidence {
  const { source, outcomes } = context;
  const item = (name: string): CombinationItem => {
    const itemSignal = ir.signals.find((candidate) => candidate.name === name);
    const itemOutcome = outcomeOf(outcomes, name);
    // Each item's evidence travels with its parent, so the why can say in words which one held
    // (an inline item has no line of its own, only a generated name such as `limit.1`).
    const own =
      itemSignal === undefined ? {} : { evidence: evidenceFor(ir, itemSignal, itemOutcome, context) };
    return { name, label: itemSignal?.label ?? null, holds: itemOutcome.holds, ...own };
  };
  switch (signal.kind) {
    case 'aggregate':
      return {
        kind: 'aggregate',
        event: signal.event,
        aggregation: signal.aggregation,
        value: typeof outcome.value === 'number' ? outcome.value : 0,
        where: signal.where,
        withinMs: signal.withinMs,
        ...source.matches(signal),
        ...bounds(signal.bounds),
      };
    case 'trait':
      return { kind: 'trait', trait: signal.trait, value: outcome.value, comparison: signal.comparison };
    case 'last_seen':
    case 'first_seen':
      return {
        kind: signal.kind,
        at: source.seenAt(signal.kind),
        days: typeof outcome.value === 'number' ? outcome.value : null,
        windowMs: signal.windowMs,
      };
    case 'all':
    case 'any':
      return { kind: signal.kind, items: signal.items.map(item), atLeast: null, atMost: null };
    case 'not':
      return { kind: 'not', items: [item(signal.item)], atLeast: null, atMost: null };
    case 'count_of':
      return { kind: 'count_of', items: signal.items.map(item), ...bounds(signal.bounds) };
  }
}

/** The bounds as the evaluator applies them: with neither written, at least 1. */
function bounds(written: Bounds): { atLeast: number | null; atMost: number | null } {
  return { atLeast: written.atLeast ?? (written.atMost === null ? 1 : null), atMost: written.atMost };
}

/** How far a signal that does not hold got towards its `at_least` ("2 of 3"); null otherwise. */
export function progressOf(evidence: Evidence, holds: boolean): Progress | null {
  if (holds) return null;
  if (evidence.kind === 'aggregate') return shortOf(evidence.value, evidence.atLeast);
  if (evidence.kind === 'count_of')
    return shortOf(evidence.items.filter((item) => item.holds).length, evidence.atLeast);
  return null;
}

function shortOf(have: number, need: number | null): Progress | null {
  return need !== null && have < need ? { have, need } : null;
}
