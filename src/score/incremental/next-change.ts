/**
 * When an entity's score or tier can next change with no new record: a windowed entry of one of its
 * cells leaving its window, a `first_seen`/`last_seen` window passing its first or last event, or a
 * recency row's window passing its last event. Windows are `(asOf − within, asOf]`
 * (docs/semantics.md), so an event at t stops counting exactly at t + within.
 */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { EntityView } from './entity-score.ts';

export function nextChangeAt(ir: DefinitionIR, view: EntityView, asOf: number): number | null {
  let earliest: number | null = null;
  const consider = (at: number | null) => {
    if (at !== null && at > asOf && (earliest === null || at < earliest)) earliest = at;
  };
  let first: number | null = null;
  let last: number | null = null;
  for (const cell of view.cells.keys()) {
    consider(cell.nextExpiry(asOf));
    if (cell.first !== null && (first === null || cell.first < first)) first = cell.first;
    if (cell.last !== null && (last === null || cell.last > last)) last = cell.last;
  }
  for (const signal of ir.signals) {
    if (signal.kind === 'last_seen' && last !== null) consider(last + signal.windowMs);
    if (signal.kind === 'first_seen' && first !== null) consider(first + signal.windowMs);
  }
  for (const row of ir.recency) {
    if (row.withinMs !== null && last !== null) consider(last + row.withinMs);
  }
  return earliest;
}
