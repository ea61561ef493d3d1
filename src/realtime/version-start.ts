/**
 * Where a definition version's real-time scoring of a workspace starts. Its start point
 * (start-points.ts) is durable before any event can be stored under the version:
 * activation writes it pending, with the last store row committed; the engine writes it itself,
 * before the server listens, for a version no activation named. The engine then records the
 * baseline — each entity's tier over exactly the rows up to the start point, as of its time — in
 * one transaction with the start point marked done. Everything stored after the start point is
 * compared against that baseline, so it qualifies even when the server died before its pass.
 *
 * Whether a version "has scored this workspace" is never guessed from `entity_states`: an empty
 * workspace has no states, and guessing once baselined acknowledged events away (issue 15).
 */
import type { Logger } from '../lib/logger.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EvaluationOptions } from '../model/dataset.ts';
import { driverOnClient } from '../sql/drivers/client-driver.ts';
import type { TableNames } from '../sql/schema.ts';
import { scoreWithSql } from '../sql/score-with-sql.ts';
import { crashPoint } from './crash-point.ts';
import { clearStates, loadStates, type StateMap, saveStates, stateOf } from './entity-states.ts';
import type { LiveDefinition } from './live-definition.ts';
import { lastCommittedSeq, readStartPoint, recordBaselined, type StartKey } from './start-points.ts';

export interface StartContext {
  /** The engine's session: the baseline and its start point commit in one transaction on it. */
  readonly client: SqlClient;
  readonly now: () => number;
  readonly evaluation: EvaluationOptions;
  readonly log: Logger;
  /** Start from nothing: every entity counts as new (replaying history from its start). */
  readonly noBaseline: boolean;
  /**
   * The last store row committed before the server listened, when it has: a start point the
   * engine writes itself covers no row after it, since those were acknowledged under the version.
   */
  readonly listenedAfterSeq: number | null;
}

/** The store's event tables cut at a start point (temporary views), for scoring the baseline. */
const START_TABLES = {
  events: 'rt_start_events',
  identityLinks: 'rt_start_identity_links',
  memberships: 'rt_start_memberships',
  traits: 'rt_start_traits',
} as const satisfies Partial<TableNames>;

const SOURCE_TABLES: Readonly<Record<keyof typeof START_TABLES, string>> = {
  events: 'events',
  identityLinks: 'identity_links',
  memberships: 'memberships',
  traits: 'traits',
};

/**
 * The states to compare against: those recorded since the version's start, or, when its baseline
 * is not recorded yet (just activated, or never started here), the baseline recorded now.
 */
export async function startingStates(
  context: StartContext,
  workspaceId: string,
  definition: LiveDefinition,
): Promise<StateMap> {
  const key = { workspaceId, version: definition.version };
  const start = await readStartPoint(context.client, key);
  if (start !== null && start.baselinedAt !== null) {
    return (await loadStates(context.client, workspaceId, key.version)) ?? new Map();
  }
  const { states, point } = await context.client.transaction(async (tx) => {
    const lastSeq = await lastCommittedSeq(tx);
    const point =
      start === null
        ? { startedAt: context.now(), throughSeq: Math.min(lastSeq, context.listenedAfterSeq ?? lastSeq) }
        : { startedAt: start.startedAt, throughSeq: start.throughSeq };
    const states: StateMap = context.noBaseline
      ? new Map()
      : await scoreBaseline(tx, context, key, definition, { ...point, cut: point.throughSeq < lastSeq });
    // A version activated again starts again: what it recorded before is not its past any more.
    await clearStates(tx, workspaceId, key.version);
    await saveStates(tx, { ...key, entityType: definition.ir.entity }, point.startedAt, states, new Set());
    await recordBaselined(tx, key, point, context.now());
    crashPoint('baseline-saved');
    return { states, point };
  });
  context.log.info('real-time scoring starts from a baseline: only changes after it qualify', {
    workspace: workspaceId,
    definition: key.version,
    entities: states.size,
    startedAt: new Date(point.startedAt).toISOString(),
  });
  return states;
}

/** Each entity's state over the rows up to the start point (all rows when nothing came after). */
async function scoreBaseline(
  tx: SqlClient,
  context: StartContext,
  key: StartKey,
  definition: LiveDefinition,
  point: { readonly startedAt: number; readonly throughSeq: number; readonly cut: boolean },
): Promise<StateMap> {
  if (point.cut) {
    // Views, not copies: the scoring query reads through them, so a large workspace is not
    // duplicated. Views take no parameters; the values are a checked integer and a quoted id.
    const workspace = `'${key.workspaceId.replaceAll("'", "''")}'`;
    const through = Math.trunc(point.throughSeq);
    for (const [name, view] of Object.entries(START_TABLES) as [keyof typeof START_TABLES, string][]) {
      await tx.run(`DROP VIEW IF EXISTS ${view}`);
      await tx.run(
        `CREATE TEMP VIEW ${view} AS SELECT * FROM ${SOURCE_TABLES[name]}
         WHERE workspace_id = ${workspace} AND seq <= ${through}`,
      );
    }
  }
  try {
    const scored = await scoreWithSql(driverOnClient(tx), definition.ir, {
      asOf: point.startedAt,
      workspaceId: key.workspaceId,
      options: context.evaluation,
      ...(point.cut ? { tables: START_TABLES } : {}),
    });
    if (!scored.ok) throw new Error(`the definition does not compile: ${scored.error.message}`);
    const states: StateMap = new Map();
    for (const score of scored.value) states.set(score.entityId, stateOf(score, undefined));
    return states;
  } finally {
    // After a failure the transaction rolls back (and takes the views with it on PostgreSQL, where
    // an aborted transaction refuses this statement).
    if (point.cut) {
      for (const view of Object.values(START_TABLES))
        await tx.run(`DROP VIEW IF EXISTS ${view}`).catch(() => {});
    }
  }
}
