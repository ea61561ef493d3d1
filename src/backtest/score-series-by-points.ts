/**
 * The series rows of a grid (`rows: 'changes'`, see src/sql/series/) for a dialect without the
 * series compiler (PostgreSQL): every grid point scored on its own with the one-as_of compiler,
 * then the same rows kept — an entity's first row, a change of tier or hand-raiser flag, and its
 * last row before it stops existing — with the same `previous` and `nextJ`, in the same order
 * (grid index, then entity id bytewise). One query per grid point instead of one in all.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import type { SqlDriver } from '../sql/driver.ts';
import { scoreWithSql } from '../sql/score-with-sql.ts';
import type { SeriesGrid } from '../sql/series/compile-series-query.ts';
import type { SeriesRow } from '../sql/series/score-series.ts';
import type { SqlCompileError } from '../sql/sql-error.ts';

export interface PointSeriesInput {
  readonly grid: SeriesGrid;
  readonly workspaceId: string;
  readonly options?: EvaluationOptions;
}

interface Pending {
  readonly j: number;
  readonly score: SeriesRow['score'];
  readonly previous: SeriesRow['previous'];
}

export async function scoreSeriesByPoints(
  driver: SqlDriver,
  ir: DefinitionIR,
  input: PointSeriesInput,
): Promise<Result<SeriesRow[], SqlCompileError>> {
  const { grid } = input;
  const lastJ = grid.count - 1;
  const pending = new Map<string, Pending>();
  const rows: SeriesRow[] = [];
  const settle = (row: Pending, nextJ: number | null) => {
    const { previous, score, j } = row;
    const changed =
      previous === null ||
      previous.tier !== score.tier ||
      previous.handRaiser !== score.handRaiser ||
      (nextJ === null ? j < lastJ : nextJ > j + 1);
    if (changed) rows.push({ j, score, previous, nextJ });
  };
  for (let j = 0; j < grid.count; j++) {
    const scored = await scoreWithSql(driver, ir, {
      asOf: grid.startMs + j * grid.stepMs,
      workspaceId: input.workspaceId,
      ...(input.options === undefined ? {} : { options: input.options }),
    });
    if (!scored.ok) return err(scored.error);
    for (const score of scored.value) {
      const before = pending.get(score.entityId);
      if (before !== undefined) settle(before, j);
      const previous =
        before === undefined
          ? null
          : { j: before.j, tier: before.score.tier, handRaiser: before.score.handRaiser };
      pending.set(score.entityId, { j, score, previous });
    }
  }
  for (const row of pending.values()) settle(row, null);
  return ok(rows.sort((a, b) => a.j - b.j || bytewise(a.score.entityId, b.score.entityId)));
}

/** Orders strings by their UTF-8 bytes (code points), as the series query's ORDER BY does. */
function bytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
