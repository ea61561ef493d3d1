/**
 * Scoring stored data, shared by the CLI and the admin API: every entity through the compiled SQL
 * of the store's back end, one entity's receipt through the reference evaluator over its
 * neighbourhood of the store. The two agree by construction of the conformance suite, and a test
 * checks it on stored data.
 *
 * Both run on a database session of their own, opened per call: a full score of millions of events
 * takes seconds, and on the store's shared client it would hold every short read queued behind it
 * (keys, dashboard reads) while the real-time path waits on none of it.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import type { Scoring } from '../http/scoring.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlClient } from '../lib/sql-client.ts';
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
  // Loaded once through the shared client, whose queue keeps two first scores from both inserting them.
  if (request.options.domainAccounts)
    await loadFreeEmailDomains(driverOnClient(store.database.client), FREE_EMAIL_DOMAINS);
  return onOwnSession(store, (session) => scoreWithSql(driverOnClient(session), ir, request));
}

async function onOwnSession<T>(store: EventStore, work: (session: SqlClient) => Promise<T>): Promise<T> {
  const session = await store.database.session();
  try {
    return await work(session);
  } finally {
    await session.close();
  }
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
  const data = await onOwnSession(store, (session) => readDataset(session, request.workspaceId, scope));
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
