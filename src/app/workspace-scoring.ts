/**
 * Which definition `GET /api/scores` and the explain endpoint use for a workspace: its live version,
 * else the server's definition file when the file applies to that workspace, else none (409). The
 * same rule as the dashboard's and the real-time engine's, so no workspace is scored, or learns the
 * tiers, with another's definition.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import type { Scoring } from '../http/scoring.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import type { EventStore } from '../store/store.ts';
import { currentVersions } from '../versions/index.ts';
import { storeScoring } from './score-service.ts';
import { serverDefinitionOf } from './server-definition.ts';

export type ScoringFor = (workspaceId: string) => Promise<Scoring | null>;

export function workspaceScoring(
  store: EventStore,
  file: { readonly workspace: string; readonly ir: DefinitionIR } | null,
  options: EvaluationOptions,
): ScoringFor {
  const built = new Map<string, Scoring>();
  const scoringOf = (ir: DefinitionIR): Scoring => {
    const scoring = storeScoring(store, ir, options);
    const cached = built.get(scoring.version);
    if (cached !== undefined) return cached;
    built.set(scoring.version, scoring);
    return scoring;
  };
  return async (workspaceId) => {
    const live = (await currentVersions(store.database.client, workspaceId)).live;
    if (live !== null) return scoringOf(live.ir);
    const own = serverDefinitionOf(file, workspaceId);
    return own === null ? null : scoringOf(own.ir);
  };
}
