/**
 * Stable result-column names derived from signal and gate names. Names are slugged to
 * `[a-z0-9_]` (signal names may contain `.`, gate names anything YAML allows) and kept under
 * Postgres's 63-byte identifier limit; a collision gets a numeric suffix in definition order,
 * so the same definition always yields the same columns and they never need quoting.
 */
import type { DefinitionIR } from '../../definition/ir.ts';

const MAX_SLUG = 40;

export interface SignalColumns {
  readonly holds: string;
  readonly value: string;
  /** The activity aggregate behind an aggregate signal. */
  readonly aggregate: string;
}

export interface ColumnNames {
  readonly signals: ReadonlyMap<string, SignalColumns>;
  readonly gates: ReadonlyMap<string, string>;
  /** Trait key → the base column holding its JSON value as of `asOf`. */
  readonly traits: ReadonlyMap<string, string>;
  /** Every distinct property path a filter, sum or distinct reads. */
  readonly propertyPaths: readonly (readonly string[])[];
}

export function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_SLUG);
  return cleaned === '' ? 'x' : cleaned;
}

function uniqueSlugs(names: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const name of names) {
    const base = slug(name);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    result.set(name, candidate);
  }
  return result;
}

function pathKey(path: readonly string[]): string {
  return path.join('\u0000');
}

export function columnNames(ir: DefinitionIR): ColumnNames {
  const signalSlugs = uniqueSlugs(ir.signals.map((signal) => signal.name));
  const signals = new Map<string, SignalColumns>();
  for (const [name, s] of signalSlugs) {
    signals.set(name, { holds: `sig_${s}_holds`, value: `sig_${s}_value`, aggregate: `agg_${s}` });
  }
  const gates = new Map<string, string>();
  for (const [name, s] of uniqueSlugs(ir.gates.map((gate) => gate.name))) gates.set(name, `gate_${s}`);

  const traitKeys = new Set<string>();
  const paths = new Map<string, readonly string[]>();
  for (const signal of ir.signals) {
    if (signal.kind === 'trait') traitKeys.add(signal.trait);
    if (signal.kind !== 'aggregate') continue;
    for (const filter of signal.where) paths.set(pathKey(filter.path), filter.path);
    const aggregation = signal.aggregation;
    if (aggregation.kind === 'sum' || aggregation.kind === 'distinct_property') {
      paths.set(pathKey(aggregation.path), aggregation.path);
    }
  }
  const traits = new Map<string, string>();
  for (const [key, s] of uniqueSlugs([...traitKeys])) traits.set(key, `trait_${s}`);
  return { signals, gates, traits, propertyPaths: [...paths.values()] };
}
