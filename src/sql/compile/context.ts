/** What every part of the compiler needs: the dialect, the definition, and the fixed query inputs. */
import type { DefinitionIR } from '../../definition/ir.ts';
import type { EvaluationOptions } from '../../model/dataset.ts';
import type { Dialect } from '../dialect.ts';
import type { TableNames } from '../schema.ts';
import type { ColumnNames } from './column-names.ts';

export interface CompileContext {
  readonly dialect: Dialect;
  readonly ir: DefinitionIR;
  readonly asOf: number;
  readonly workspaceId: string;
  readonly options: EvaluationOptions;
  readonly tables: TableNames;
  readonly names: ColumnNames;
  /**
   * Set only by the series compiler (src/sql/series/): the SQL column holding each row's own
   * `as_of` in epoch ms, so the signal and score layers read it instead of the `asOf` literal.
   */
  readonly asOfColumn?: string;
}

/** `as_of` in epoch ms as SQL: the literal, or the row's column in a series query. */
export function asOfMs(ctx: CompileContext): string {
  return ctx.asOfColumn ?? ctx.dialect.number(ctx.asOf);
}

/** `as_of - ms` as SQL (`ms` is a duration). */
export function asOfMinus(ctx: CompileContext, ms: number): string {
  return ctx.asOfColumn === undefined
    ? ctx.dialect.number(ctx.asOf - ms)
    : `(${ctx.asOfColumn} - ${ctx.dialect.number(ms)})`;
}

/** `alias.workspace_id = '<ws>'`: every read of a stored table is scoped to one workspace. */
export function inWorkspace(ctx: CompileContext, alias: string): string {
  return `${alias}.workspace_id = ${ctx.dialect.string(ctx.workspaceId)}`;
}

/** `alias.ts <= <as_of>`: only rows at or before `as_of` exist. */
export function notAfterAsOf(ctx: CompileContext, alias: string): string {
  return `${alias}.ts <= ${ctx.dialect.timestamp(ctx.asOf)}`;
}

export function table(ctx: CompileContext, name: keyof TableNames, alias: string): string {
  return `${ctx.dialect.identifier(ctx.tables[name])} AS ${alias}`;
}

/**
 * `ts > as_of - within`, or null when the window reaches before anything the timestamp type can
 * hold (then every stored row is inside it).
 */
export function windowStart(ctx: CompileContext, column: string, withinMs: number | null): string | null {
  if (withinMs === null) return null;
  const start = ctx.asOf - withinMs;
  if (start < ctx.dialect.timeRangeMs.min) return null;
  return `${column} > ${ctx.dialect.timestamp(start)}`;
}
