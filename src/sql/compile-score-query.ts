/**
 * The shared compiler: a definition (IR) plus `as_of`, workspace and options → one readable SQL
 * query returning one row per entity with its score, tier, gates and every signal's holds/value.
 * Dialects only render text (dialect.ts); this file only orders the parts.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { ok, type Result } from '../lib/result.ts';
import type { EntityType, EvaluationOptions } from '../model/dataset.ts';
import { activityCte, entityCtes, entityEventsCte } from './compile/activity-ctes.ts';
import type { CompileContext } from './compile/context.ts';
import { canonicalIdCtes, eventRowsCte, membershipCtes } from './compile/identity-ctes.ts';
import { compilePrologue } from './compile/prologue.ts';
import { gateColumn, hasValueColumn, rankedCte, resultSelect, scoredCte } from './compile/score-ctes.ts';
import { baseCte, columnsOf, signalCtes, traitCtes } from './compile/signal-ctes.ts';
import type { Dialect, DialectName } from './dialect.ts';
import { formatSql } from './format-sql.ts';
import { query } from './query-node.ts';
import type { TableNames } from './schema.ts';
import type { SqlCompileError } from './sql-error.ts';

export interface CompileOptions {
  readonly dialect: Dialect;
  /** Epoch ms. */
  readonly asOf: number;
  readonly workspaceId: string;
  readonly options?: EvaluationOptions;
  /** Table names when they differ from the canonical ones. */
  readonly tables?: Partial<TableNames>;
}

/** How to read a result row back into an EntityScore (see map-score-rows.ts). */
export interface ResultLayout {
  readonly entityType: EntityType;
  readonly asOf: number;
  readonly gates: readonly { readonly name: string; readonly column: string }[];
  readonly signals: readonly {
    readonly name: string;
    readonly holds: string;
    /** null when the value is the holds flag (all/any/not). */
    readonly value: string | null;
    /** Trait values come back as JSON text. */
    readonly valueIsJson: boolean;
  }[];
}

export interface CompiledQuery {
  readonly dialect: DialectName;
  readonly sql: string;
  readonly layout: ResultLayout;
}

export function compileScoreQuery(
  ir: DefinitionIR,
  input: CompileOptions,
): Result<CompiledQuery, SqlCompileError> {
  const { dialect } = input;
  const prologue = compilePrologue(ir, input);
  if (!prologue.ok) return prologue;
  const ctx = prologue.value;
  const signals = signalCtes(ctx);
  const node = query(
    [
      ...canonicalIdCtes(ctx),
      eventRowsCte(ctx),
      ...(ir.entity === 'account' ? membershipCtes(ctx) : []),
      entityEventsCte(ctx),
      activityCte(ctx),
      ...traitCtes(ctx),
      ...entityCtes(ctx),
      baseCte(ctx),
      ...signals.ctes,
      scoredCte(ctx, signals.last),
      rankedCte(ctx),
    ],
    resultSelect(ctx),
    dialect.querySuffix(),
  );
  return ok({ dialect: dialect.name, sql: formatSql(node), layout: layoutOf(ctx) });
}

function layoutOf(ctx: CompileContext): ResultLayout {
  return {
    entityType: ctx.ir.entity,
    asOf: ctx.asOf,
    gates: ctx.ir.gates.map((gate) => ({ name: gate.name, column: gateColumn(ctx, gate.name) })),
    signals: ctx.ir.signals.map((signal) => {
      const columns = columnsOf(ctx, signal.name);
      return {
        name: signal.name,
        holds: columns.holds,
        value: hasValueColumn(signal.kind) ? columns.value : null,
        valueIsJson: signal.kind === 'trait',
      };
    }),
  };
}
