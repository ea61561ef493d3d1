/**
 * When an entity's score or tier can next change with no new record: a windowed entry of one of its
 * cells leaving its window, a `first_seen`/`last_seen` window passing its first or last event, or a
 * recency row's window passing its last event. Windows are `(asOf − within, asOf]`
 * (docs/semantics.md), so an event at t stops counting exactly at t + within.
 */
import type { DefinitionIR, RecencyRow, Signal } from '../../definition/ir.ts';
import type { Cell } from './cell.ts';
import { type EntityView, firstOf, lastOf } from './entity-score.ts';

export function nextChangeAt(ir: DefinitionIR, view: EntityView, asOf: number): number | null {
  const { cells } = view;
  let earliest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < cells.length; i++) {
    const at = (cells[i] as Cell).nextExpiry(asOf);
    if (at !== null && at > asOf && at < earliest) earliest = at;
  }
  const first = firstOf(cells);
  const last = lastOf(cells);
  // Indexed loops: `for…of` left an iterator result per step here (scoring's garbage, issue 16).
  for (let i = 0; i < ir.signals.length; i++) {
    const signal = ir.signals[i] as Signal;
    if (signal.kind !== 'last_seen' && signal.kind !== 'first_seen') continue;
    const seen = signal.kind === 'last_seen' ? last : first;
    const at = seen === null ? Number.NaN : seen + signal.windowMs;
    if (at > asOf && at < earliest) earliest = at;
  }
  for (let i = 0; i < ir.recency.length; i++) {
    const { withinMs } = ir.recency[i] as RecencyRow;
    const at = withinMs === null || last === null ? Number.NaN : last + withinMs;
    if (at > asOf && at < earliest) earliest = at;
  }
  return earliest === Number.POSITIVE_INFINITY ? null : earliest;
}
