/** What the scoring routes need, so the HTTP layer does not depend on a particular store. */
import type { DefinitionIR } from '../definition/ir.ts';
import type { Result } from '../lib/result.ts';
import type { EntityType } from '../model/dataset.ts';
import type { EntityScore } from '../score/entity-score.ts';
import type { Receipt } from '../score/explain/receipt.ts';

export interface Scoring {
  readonly definition: DefinitionIR;
  readonly version: string;
  score(workspaceId: string, asOf: number): Promise<Result<EntityScore[], { code: string; message: string }>>;
  explain(
    workspaceId: string,
    entityType: EntityType,
    entityId: string,
    asOf: number,
  ): Promise<Result<Receipt | null, { code: string; message: string }>>;
}
