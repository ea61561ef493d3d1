/**
 * Aggregate signals: select the entity's counted events by name, window and filters, then count,
 * distinct-count or sum them (DEFINITION-LANGUAGE.md, "Signals").
 */
import type { AggregateSignal, Bounds } from '../../definition/ir.ts';
import type { JsonValue } from '../../lib/json.ts';
import type { StoredEvent } from '../../model/dataset.ts';
import { isScalar, readPath, satisfies } from './comparison.ts';
import type { Snapshot } from './snapshot.ts';

export const DAY_MS = 86_400_000;

/** The window `(asOf - withinMs, asOf]`; without `withinMs`, all history up to `asOf`. */
export function inWindow(timestamp: number, asOf: number, withinMs: number | null): boolean {
  return timestamp <= asOf && (withinMs === null || timestamp > asOf - withinMs);
}

export function matchingEvents(
  signal: AggregateSignal,
  events: readonly StoredEvent[],
  asOf: number,
): StoredEvent[] {
  return events.filter(
    (event) => inWindow(event.timestamp, asOf, signal.withinMs) && matchesEvent(signal, event),
  );
}

/** The signal's event name and filters, which do not depend on the time of evaluation. */
export function matchesEvent(signal: AggregateSignal, event: StoredEvent): boolean {
  return (
    (signal.event === null || event.event === signal.event) &&
    signal.where.every((filter) => satisfies(readPath(event.properties, filter.path), filter.comparison))
  );
}

/** The key a distinct property value is counted under, null when it is not a scalar. */
export function distinctValueKey(value: JsonValue | undefined): string | null {
  // Typed keys: the string "1" and the number 1 are different values.
  return isScalar(value) ? `${typeof value}:${String(value)}` : null;
}

export function aggregateValue(
  signal: AggregateSignal,
  matching: readonly StoredEvent[],
  snapshot: Snapshot,
): number {
  const aggregation = signal.aggregation;
  switch (aggregation.kind) {
    case 'count':
      return matching.length;
    case 'distinct_users':
      // Events without any user key belong to no user, so they add none.
      return new Set(matching.map((event) => snapshot.userOf(event)).filter((user) => user !== null)).size;
    case 'distinct_days':
      return new Set(matching.map((event) => utcDay(event.timestamp))).size;
    case 'distinct_property': {
      const keys = new Set<string>();
      for (const event of matching) {
        const key = distinctValueKey(readPath(event.properties, aggregation.path));
        if (key !== null) keys.add(key);
      }
      return keys.size;
    }
    case 'sum': {
      let total = 0;
      for (const event of matching) {
        const value = readPath(event.properties, aggregation.path);
        if (typeof value === 'number') total += value;
      }
      return total;
    }
  }
}

/** Days since the Unix epoch in UTC; equal numbers are the same UTC date. */
export function utcDay(timestamp: number): number {
  return Math.floor(timestamp / DAY_MS);
}

/** Both bounds inclusive; with neither written, at least 1. */
export function withinBounds(value: number, bounds: Bounds): boolean {
  const atLeast = bounds.atLeast ?? (bounds.atMost === null ? 1 : null);
  return (atLeast === null || value >= atLeast) && (bounds.atMost === null || value <= bounds.atMost);
}
