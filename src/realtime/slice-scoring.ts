/**
 * Scoring a pass with the compiled SQL (the engine's `scoring: 'sql'`, and replays): the touched
 * entities' slice of the store materialised as temporary tables (neighbourhood.ts) and scored in
 * the store's dialect, or the whole workspace when the slice would cost more (a sweep, most entities
 * touched, or accounts from e-mail domains, where every user of a domain matters).
 */
import type { DefinitionIR } from '../definition/ir.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import { driverOnClient } from '../sql/drivers/client-driver.ts';
import { scoreWithSql } from '../sql/score-with-sql.ts';
import { buildSlice, dropSlice, SLICE_TABLES } from './neighbourhood.ts';
import type { PassScores } from './pass-scores.ts';
import type { TouchedIds } from './touched-ids.ts';

/** Above this share of known entities touched in one pass, the pass scores the whole workspace. */
const WHOLE_WORKSPACE_SHARE = 0.25;

export interface SliceScoringInput {
  readonly workspaceId: string;
  readonly ir: DefinitionIR;
  readonly evaluation: EvaluationOptions;
  /** null: a sweep, every entity. */
  readonly touched: TouchedIds | null;
  /** How many entities the engine knows of this version (to judge the touched share). */
  readonly known: number;
  readonly now: () => number;
}

export async function scoreSlice(tx: SqlClient, input: SliceScoringInput): Promise<PassScores> {
  const { workspaceId, ir, touched } = input;
  const started = performance.now();
  const share =
    touched === null ? 1 : (touched.userKeys.size + touched.accountIds.size) / Math.max(1, input.known);
  const sliced = touched !== null && !input.evaluation.domainAccounts && share < WHOLE_WORKSPACE_SHARE;
  const slice = sliced && touched !== null ? await buildSlice(tx, workspaceId, ir.entity, touched) : null;
  const sliceMs = Math.round(performance.now() - started);
  const asOf = input.now();
  const scored = await scoreWithSql(driverOnClient(tx), ir, {
    asOf,
    workspaceId,
    options: input.evaluation,
    ...(slice === null ? {} : { tables: SLICE_TABLES }),
  });
  if (!scored.ok) throw new Error(`the definition does not compile: ${scored.error.message}`);
  const wanted = slice === null ? null : new Set(slice.candidates);
  return {
    asOf,
    scores: wanted === null ? scored.value : scored.value.filter((score) => wanted.has(score.entityId)),
    triggerKeys: (entityId) =>
      slice?.keysOf.get(entityId) ?? [`${ir.entity === 'user' ? 'u' : 'a'}:${entityId}`],
    receiptTables: slice === null ? undefined : SLICE_TABLES,
    finish: async (client) => {
      if (slice !== null) await dropSlice(client);
    },
    detail: { sliced, sliceMs, scoreMs: Math.round(performance.now() - started) - sliceMs },
  };
}
