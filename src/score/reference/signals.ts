/**
 * Evaluates every signal of a definition for one entity. The IR lists signals in dependency
 * order, so one pass suffices: combinators read outcomes computed before them.
 */
import type {
  AggregateSignal,
  BooleanSignal,
  CountOfSignal,
  DefinitionIR,
  NotSignal,
  SeenSignal,
  Signal,
  TraitSignal,
} from '../../definition/ir.ts';
import type { JsonValue } from '../../lib/json.ts';
import type { EntityType } from '../../model/dataset.ts';
import type { SignalOutcome, SignalValue } from '../entity-score.ts';
import { aggregateValue, DAY_MS, inWindow, matchingEvents, withinBounds } from './aggregate.ts';
import { satisfies } from './comparison.ts';
import type { Snapshot } from './snapshot.ts';

export interface EntityRef {
  readonly type: EntityType;
  readonly id: string;
}

/** The outcomes of the signals evaluated so far, by name: a Map, or a lookup over a score's record. */
export interface Outcomes {
  get(name: string): SignalOutcome | undefined;
}

export function evaluateSignals(
  ir: DefinitionIR,
  snapshot: Snapshot,
  entity: EntityRef,
): ReadonlyMap<string, SignalOutcome> {
  const outcomes = new Map<string, SignalOutcome>();
  for (const signal of ir.signals)
    outcomes.set(signal.name, evaluateSignal(signal, snapshot, entity, outcomes));
  return outcomes;
}

function evaluateSignal(
  signal: Signal,
  snapshot: Snapshot,
  entity: EntityRef,
  done: Outcomes,
): SignalOutcome {
  switch (signal.kind) {
    case 'aggregate': {
      const matching = matchingEvents(signal, snapshot.events(entity.type, entity.id), snapshot.asOf);
      return aggregateOutcome(signal, aggregateValue(signal, matching, snapshot));
    }
    case 'trait':
      return traitOutcome(signal, snapshot.trait(entity.type, entity.id, signal.trait));
    case 'last_seen':
    case 'first_seen': {
      const events = snapshot.events(entity.type, entity.id);
      const event = signal.kind === 'last_seen' ? events.at(-1) : events[0];
      return seenOutcome(signal, event?.timestamp ?? null, snapshot.asOf);
    }
    default:
      return combinatorOutcome(signal, done);
  }
}

/*
 * The pieces below take what a signal needs already reduced to a value, so that an engine keeping
 * its own state (src/score/incremental/) finishes every signal with the reference's own rules.
 */

export function aggregateOutcome(signal: AggregateSignal, value: number): SignalOutcome {
  return { holds: withinBounds(value, signal.bounds), value };
}

export function traitOutcome(signal: TraitSignal, value: JsonValue | undefined): SignalOutcome {
  return { holds: satisfies(value, signal.comparison), value: traitSignalValue(value) };
}

/** `time` is the entity's last (last_seen) or first (first_seen) counted event, null with none. */
export function seenOutcome(signal: SeenSignal, time: number | null, asOf: number): SignalOutcome {
  if (time === null) return { holds: false, value: null };
  return { holds: inWindow(time, asOf, signal.windowMs), value: wholeDaysBetween(time, asOf) };
}

/** all / any / not / N of M over the outcomes of the signals evaluated before it. */
export function combinatorOutcome(
  signal: BooleanSignal | NotSignal | CountOfSignal,
  done: Outcomes,
): SignalOutcome {
  const holds = (name: string): boolean => outcomeOf(done, name).holds;
  switch (signal.kind) {
    case 'all': {
      const value = signal.items.every(holds);
      return { holds: value, value };
    }
    case 'any': {
      const value = signal.items.some(holds);
      return { holds: value, value };
    }
    case 'not': {
      const value = !holds(signal.item);
      return { holds: value, value };
    }
    case 'count_of': {
      const value = signal.items.filter(holds).length;
      return { holds: withinBounds(value, signal.bounds), value };
    }
  }
}

export function outcomeOf(outcomes: Outcomes, name: string): SignalOutcome {
  const outcome = outcomes.get(name);
  // The IR guarantees references resolve to earlier signals; anything else is a bug upstream.
  if (outcome === undefined) throw new Error(`signal "${name}" is referenced before it is evaluated`);
  return outcome;
}

/** Scalars as stored; null when missing; arrays and objects as their JSON text. */
export function traitSignalValue(value: JsonValue | undefined): SignalValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

export function wholeDaysBetween(earlier: number, later: number): number {
  return Math.floor((later - earlier) / DAY_MS);
}
