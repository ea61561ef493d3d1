/** Compile a definition for a driver's dialect, run it, and read the rows back as EntityScores. */
import type { DefinitionIR } from '../definition/ir.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import type { EntityScore } from '../score/entity-score.ts';
import { compileScoreQuery } from './compile-score-query.ts';
import type { SqlDriver } from './driver.ts';
import { mapScoreRows } from './map-score-rows.ts';
import type { TableNames } from './schema.ts';
import type { SqlCompileError } from './sql-error.ts';

export interface ScoreWithSqlInput {
  readonly asOf: number;
  readonly workspaceId: string;
  readonly options?: EvaluationOptions;
  readonly tables?: Partial<TableNames>;
}

export async function scoreWithSql(
  driver: SqlDriver,
  ir: DefinitionIR,
  input: ScoreWithSqlInput,
): Promise<Result<EntityScore[], SqlCompileError>> {
  const compiled = compileScoreQuery(ir, { ...input, dialect: driver.dialect });
  if (!compiled.ok) return err(compiled.error);
  const rows = await driver.scoringQuery(compiled.value.sql);
  return ok(mapScoreRows(rows, compiled.value.layout));
}
