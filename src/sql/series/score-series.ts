/** Compile a series query for a driver, run it, and read each row back as a grid index plus an EntityScore. */
import type { DefinitionIR } from '../../definition/ir.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import type { EntityScore } from '../../score/entity-score.ts';
import type { SqlDriver } from '../driver.ts';
import { mapScoreRows, type ResultRow } from '../map-score-rows.ts';
import type { SqlCompileError } from '../sql-error.ts';
import { compileSeriesQuery, type SeriesCompileOptions } from './compile-series-query.ts';

export interface SeriesRow {
  /** Grid index: `as_of = start + j × step`. */
  readonly j: number;
  readonly score: EntityScore;
  /** The entity's row at its previous grid point where it existed (`changes` rows only; null: first). */
  readonly previous: {
    readonly j: number;
    readonly tier: string | null;
    readonly handRaiser: boolean;
  } | null;
  /** The entity's next grid point where it exists (`changes` rows only); null: none within the grid. */
  readonly nextJ: number | null;
}

export async function scoreSeries(
  driver: SqlDriver,
  ir: DefinitionIR,
  input: Omit<SeriesCompileOptions, 'dialect'>,
): Promise<Result<SeriesRow[], SqlCompileError>> {
  const compiled = compileSeriesQuery(ir, { ...input, dialect: driver.dialect });
  if (!compiled.ok) return err(compiled.error);
  const rows = await driver.scoringQuery(compiled.value.sql);
  const layout = compiled.value.layout;
  return ok(
    rows.map((row) => {
      const asOf = Number(row.as_of_ms);
      const [score] = mapScoreRows([row], { ...layout, asOf });
      if (score === undefined) throw new Error('bug: a row mapped to nothing');
      const next = row.next_j;
      return {
        j: Number(row.j),
        score,
        previous: previousOf(row),
        nextJ: next === null || next === undefined ? null : Number(next),
      };
    }),
  );
}

function previousOf(row: ResultRow): SeriesRow['previous'] {
  const j = row.previous_j;
  if (j === null || j === undefined) return null;
  const tier = row.previous_tier;
  return {
    j: Number(j),
    tier: tier === null || tier === undefined ? null : String(tier),
    handRaiser: row.previous_hand_raiser === true,
  };
}
