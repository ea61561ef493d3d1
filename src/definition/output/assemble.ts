/**
 * The draft → the frozen IR, built only when no error was found (warnings allow it). Maps from the
 * file (gates, points) are sorted by name, so the IR depends on what the file means, not on how
 * its keys happen to be ordered.
 */
import type { DefinitionIR, Signal } from '../ir.ts';
import type { Draft } from '../sections/draft.ts';
import { deepFreeze } from './freeze.ts';

export function assembleIR(draft: Draft, signals: readonly Signal[]): DefinitionIR {
  const ir: DefinitionIR = {
    kindling: draft.kindling,
    name: draft.name,
    entity: draft.entity,
    description: draft.description,
    signals,
    gates: [...draft.gates].sort((a, b) => compare(a.name, b.name)),
    points: [...draft.points].sort((a, b) => compare(a.signal, b.signal)),
    cap: draft.cap,
    recency: draft.recency,
    handRaisers: draft.handRaisers,
    tiers: draft.tiers,
  };
  return deepFreeze(ir);
}

/** Code-point order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
