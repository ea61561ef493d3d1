/**
 * Connects routing (src/route/, pure decisions) to the real-time engine: each decision reads its
 * state from the store inside the engine's transaction, then decides.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import type { RoutingConfig } from '../definition/routing/routing-config.ts';
import type { Escalator } from '../realtime/escalate.ts';
import type { LiveDefinition } from '../realtime/live-definition.ts';
import { alertEverywhere, type QualificationRouter } from '../realtime/routing-port.ts';
import { escalate, loadRoutingState, nextDigestAt, routeQualification } from '../route/index.ts';

/**
 * A definition as the engine runs it: with its routing when the file has a `routing:` section,
 * else every qualification alerts every one of `destinations` (none for a shadow).
 */
export function liveDefinition(
  ir: DefinitionIR,
  routing: RoutingConfig | null,
  options: { readonly shadow: boolean; readonly destinations: readonly string[] },
): LiveDefinition {
  const base = { ir, version: definitionVersion(ir), shadow: options.shadow };
  if (routing === null) return { ...base, router: alertEverywhere(options.destinations) };
  return {
    ...base,
    router: routerFor(routing),
    escalate: escalatorFor(routing),
    digestAt: (destination, after) => nextDigestAt(routing, destination, after),
  };
}

export function routerFor(config: RoutingConfig): QualificationRouter {
  return async (conn, facts) => {
    const state = await loadRoutingState(conn, facts.workspaceId, facts.entityType, facts.entityId, facts);
    return routeQualification(config, facts, state);
  };
}

export function escalatorFor(config: RoutingConfig): Escalator {
  return async (conn, lead, now) => {
    const [row] = await conn.query<{
      workspace_id: string;
      owner_name: string | null;
      contacted_at: number | null;
      escalated_to: string | null;
    }>(
      `SELECT workspace_id, owner_name, contacted_at, escalated_to FROM leads
       WHERE qualification_id = $1 AND entity_type = $2 AND entity_id = $3`,
      [lead.qualificationId, lead.entityType, lead.entityId],
    );
    if (row === undefined) return null;
    const state = await loadRoutingState(conn, row.workspace_id, lead.entityType, lead.entityId, {
      email: null,
      domain: null,
      asOf: now,
    });
    const decision = escalate(
      config,
      {
        rule: lead.rule,
        owner: lead.owner === null ? null : { email: lead.owner, name: row.owner_name, team: lead.team },
        slaDueAt: lead.slaDueAt,
        contactedAt: row.contacted_at,
        escalatedTo: row.escalated_to,
      },
      state,
      now,
    );
    if (decision.status !== 'escalate') return null;
    return {
      owner: decision.reassigned ? decision.owner : null,
      slaDueAt: decision.reassigned ? decision.slaDueAt : null,
      escalatedTo: decision.escalatedTo ?? 'nobody',
      destinations: decision.destinations,
      note: decision.detail,
    };
  };
}
