/**
 * The intermediate representation of a PQL definition (DEFINITION-LANGUAGE.md, version 1).
 *
 * The YAML file is parsed and validated once into this frozen, serialisable value; the reference
 * evaluator, the real-time path and every SQL dialect read only this. Durations are milliseconds;
 * multipliers are whole percentages so that the score is exact integer arithmetic.
 */
import type { EntityType } from '../model/dataset.ts';

export type Scalar = string | number | boolean;

/** One comparison, shared by property filters (`where`) and trait signals. */
export type Comparison =
  | { readonly op: 'eq' | 'ne'; readonly value: Scalar }
  | { readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number | string }
  | { readonly op: 'contains' | 'starts_with'; readonly value: string }
  | { readonly op: 'in' | 'not_in'; readonly values: readonly Scalar[] }
  | { readonly op: 'exists'; readonly value: boolean };

export type ComparisonOp = Comparison['op'];

/** `where: { plan.tier: { in: [...] } }` → path ['plan', 'tier'] inside `properties`. */
export interface PropertyFilter {
  readonly path: readonly string[];
  readonly comparison: Comparison;
}

export type Aggregation =
  | { readonly kind: 'count' }
  | { readonly kind: 'distinct_users' }
  | { readonly kind: 'distinct_days' }
  | { readonly kind: 'distinct_property'; readonly path: readonly string[] }
  | { readonly kind: 'sum'; readonly path: readonly string[] };

/** Bounds are inclusive. When neither is written, `atLeast` is 1. */
export interface Bounds {
  readonly atLeast: number | null;
  readonly atMost: number | null;
}

interface SignalBase {
  /**
   * Unique within the definition. Inline signals are hoisted with a generated name containing `.`:
   * `<parent>.<1-based position>` for an item of `all`/`any`/`not`/`of` (e.g. `activated.1`), and
   * `gate.<gate name>` for an inline gate (e.g. `gate.fit`).
   */
  readonly name: string;
  readonly label: string | null;
  /** True for an inline signal object hoisted out of `all`/`any`/`not`/`of` or a gate. */
  readonly inline: boolean;
}

export interface AggregateSignal extends SignalBase {
  readonly kind: 'aggregate';
  /** Event name; null means every counted event (`"*"`). */
  readonly event: string | null;
  readonly where: readonly PropertyFilter[];
  /** Window `(as_of - withinMs, as_of]`; null means all history up to `as_of`. */
  readonly withinMs: number | null;
  readonly aggregation: Aggregation;
  readonly bounds: Bounds;
}

export interface TraitSignal extends SignalBase {
  readonly kind: 'trait';
  readonly trait: string;
  readonly comparison: Comparison;
}

/** `last_seen: D` / `first_seen: D`: the entity's last/first counted event is in `(as_of - D, as_of]`. */
export interface SeenSignal extends SignalBase {
  readonly kind: 'last_seen' | 'first_seen';
  readonly windowMs: number;
}

export interface BooleanSignal extends SignalBase {
  readonly kind: 'all' | 'any';
  readonly items: readonly string[];
}

export interface NotSignal extends SignalBase {
  readonly kind: 'not';
  readonly item: string;
}

/** `at_least: N` with `of: [...]`; value is how many hold. */
export interface CountOfSignal extends SignalBase {
  readonly kind: 'count_of';
  readonly items: readonly string[];
  readonly bounds: Bounds;
}

export type Signal = AggregateSignal | TraitSignal | SeenSignal | BooleanSignal | NotSignal | CountOfSignal;

export interface Gate {
  /** The key under `gates:` (e.g. `activation`, `fit`). */
  readonly name: string;
  readonly signal: string;
}

export interface PointsEntry {
  readonly signal: string;
  readonly points: number;
}

export interface RecencyRow {
  /** null for the `otherwise` row, which is always last. */
  readonly withinMs: number | null;
  /** 1.0 → 100, 0.5 → 50. */
  readonly percent: number;
}

export interface Tier {
  readonly name: string;
  readonly min: number;
}

export interface DefinitionIR {
  readonly kindling: 1;
  readonly name: string;
  readonly entity: EntityType;
  readonly description: string | null;
  /**
   * Every signal, named and hoisted, in dependency order (a signal appears after every signal it
   * references), so evaluators can compute them in one pass.
   */
  readonly signals: readonly Signal[];
  readonly gates: readonly Gate[];
  readonly points: readonly PointsEntry[];
  readonly cap: number;
  /** Empty means no recency rule: the multiplier is 100 %. */
  readonly recency: readonly RecencyRow[];
  readonly handRaisers: readonly string[];
  /** Ascending by `min`. */
  readonly tiers: readonly Tier[];
}
