/**
 * What every compiled query starts with, shared by the score compiler and the series compiler: the
 * `as_of` checked against the dialect's time range, the property names checked against its
 * capabilities, and the compile context built. Either both compilers refuse a definition for a
 * dialect with the same typed error, or neither does.
 */
import type { DefinitionIR } from '../../definition/ir.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { EvaluationOptions } from '../../model/dataset.ts';
import type { Dialect } from '../dialect.ts';
import { DEFAULT_TABLE_NAMES, type TableNames } from '../schema.ts';
import { type SqlCompileError, sqlCompileError } from '../sql-error.ts';
import { columnNames } from './column-names.ts';
import type { CompileContext } from './context.ts';

export interface PrologueInput {
  readonly dialect: Dialect;
  /** Epoch ms; for a series, its last grid point. */
  readonly asOf: number;
  readonly workspaceId: string;
  readonly options?: EvaluationOptions;
  readonly tables?: Partial<TableNames>;
}

export function compilePrologue(
  ir: DefinitionIR,
  input: PrologueInput,
): Result<CompileContext, SqlCompileError> {
  const { dialect, asOf } = input;
  if (!Number.isInteger(asOf) || asOf < dialect.timeRangeMs.min || asOf > dialect.timeRangeMs.max) {
    const range = `${new Date(dialect.timeRangeMs.min).toISOString()} … ${new Date(dialect.timeRangeMs.max).toISOString()}`;
    return err(sqlCompileError('sql-as-of-out-of-range', dialect.name, `as_of ${asOf} is outside ${range}`));
  }
  const names = columnNames(ir);
  if (!dialect.supportsEmptyJsonKey) {
    const empty = names.propertyPaths.find((path) => path.includes(''));
    if (empty !== undefined) {
      return err(
        sqlCompileError(
          'sql-unsupported-empty-property-name',
          dialect.name,
          `cannot read the empty property name in path ${JSON.stringify(empty)}`,
        ),
      );
    }
  }
  return ok({
    dialect,
    ir,
    asOf,
    workspaceId: input.workspaceId,
    options: input.options ?? { domainAccounts: false },
    tables: { ...DEFAULT_TABLE_NAMES, ...input.tables },
    names,
  });
}
