/**
 * A conformance fixture: one definition, one dataset, the times to evaluate at, and the facts a
 * person checked by hand. Every engine (reference, real time, DuckDB, Postgres, ClickHouse) must
 * produce identical `EntityScore`s for every `asOf`; `expect` pins the reference evaluator to the spec.
 */
import type { DefinitionIR } from '../../src/definition/ir.ts';
import type { Dataset, EvaluationOptions } from '../../src/model/dataset.ts';
import type { SignalValue } from '../../src/score/entity-score.ts';

export interface ExpectedEntity {
  readonly entityId: string;
  readonly asOf: number;
  readonly score?: number;
  readonly tier?: string | null;
  readonly handRaiser?: boolean;
  readonly gates?: Readonly<Record<string, boolean>>;
  readonly signals?: Readonly<Record<string, { readonly holds: boolean; readonly value?: SignalValue }>>;
  /** False to assert the entity does not exist as of `asOf`. */
  readonly present?: boolean;
}

export interface Fixture {
  readonly name: string;
  readonly definition: DefinitionIR;
  readonly dataset: Dataset;
  readonly asOf: readonly number[];
  readonly options?: EvaluationOptions;
  readonly expect: readonly ExpectedEntity[];
}
