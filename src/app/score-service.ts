/**
 * Scoring stored data, shared by the CLI and the admin API: every entity through the compiled SQL
 * of the store's back end, one entity's receipt through the reference evaluator over its
 * neighbourhood of the store. The two agree by construction of the conformance suite, and a test
 * checks it on stored data.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import type { Scoring } from '../http/scoring.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { EntityType, EvaluationOptions } from '../model/dataset.ts';
import type { EntityScore } from '../score/entity-score.ts';
import { explainEntity, type Receipt } from '../score/explain/index.ts';
import { FREE_EMAIL_DOMAINS } from '../score/reference/free-email.ts';
import { driverOnClient } from '../sql/drivers/client-driver.ts';
import { loadFreeEmailDomains } from '../sql/load-dataset.ts';
import { scoreWithSql } from '../sql/score-with-sql.ts';
import type { SqlCompileError } from '../sql/sql-error.ts';
import { readDataset } from '../store/read-dataset.ts';
import type { EventStore } from '../store/store.ts';

export interface ScoreRequest {
  readonly workspaceId: string;
  readonly asOf: number;
  readonly options: EvaluationOptions;
}

export async function scoreStored(
  store: EventStore,
  ir: DefinitionIR,
  request: ScoreRequest,
): Promise<Result<EntityScore[], SqlCompileError>> {
  const driver = driverOnClient(store.database.client);
  if (request.options.domainAccounts) await loadFreeEmailDomains(driver, FREE_EMAIL_DOMAINS);
  return scoreWithSql(driver, ir, request);
}

export type ExplainFailure = { readonly code: 'wrong-entity-type'; readonly message: string };

/** The receipt for one entity, or null when it does not exist as of that time. */
export async function explainStored(
  store: EventStore,
  ir: DefinitionIR,
  request: ScoreRequest & { readonly entityType: EntityType; readonly entityId: string },
): Promise<Result<Receipt | null, ExplainFailure>> {
  if (request.entityType !== ir.entity) {
    return err({
      code: 'wrong-entity-type',
      message: `The definition "${ir.name}" scores ${ir.entity}s, not ${request.entityType}s.`,
    });
  }
  const scope =
    request.options.domainAccounts && request.entityId.startsWith('domain:')
      ? ({ kind: 'workspace' } as const)
      : ({ kind: 'entity', type: request.entityType, id: request.entityId } as const);
  const data = await readDataset(store.database.client, request.workspaceId, scope);
  return ok(explainEntity(ir, data, request.entityId, request.asOf, request.options));
}

/** The scoring the admin API serves, over this store with one definition. */
export function storeScoring(store: EventStore, ir: DefinitionIR, options: EvaluationOptions): Scoring {
  return {
    definition: ir,
    version: definitionVersion(ir),
    score: (workspaceId, asOf) => scoreStored(store, ir, { workspaceId, asOf, options }),
    explain: (workspaceId, entityType, entityId, asOf) =>
      explainStored(store, ir, { workspaceId, asOf, options, entityType, entityId }),
  };
}
