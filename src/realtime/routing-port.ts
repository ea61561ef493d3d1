/**
 * What the engine asks routing (src/route/) about one qualification, and what it gets back. The
 * engine reads the routing state from the store and writes the decision; routing itself is pure.
 */
import type { SqlClient } from '../lib/sql-client.ts';
import type { LeadFacts, RoutingDecision } from '../route/routing-types.ts';

/** The facts routing decides on, and the workspace they belong to. */
export type QualificationFacts = LeadFacts & { readonly workspaceId: string };

export type { Owner } from '../definition/routing/routing-config.ts';
export type RouteDecision = RoutingDecision;

/** Decides inside the engine's transaction (it may read the leads, suppressions and outcomes tables). */
export type QualificationRouter = (tx: SqlClient, facts: QualificationFacts) => Promise<RouteDecision>;

/** Without a routing section: every qualification alerts every configured destination, no owner, no SLA. */
export function alertEverywhere(destinations: readonly string[]): QualificationRouter {
  return async () => ({
    rule: null,
    status: destinations.length > 0 ? 'alert' : 'no-alert',
    reason: destinations.length > 0 ? 'no-routing' : 'no-destinations',
    detail:
      destinations.length > 0
        ? 'no routing: section, every destination is alerted'
        : 'no routing: section and no destinations are configured',
    owner: null,
    assignment: 'none',
    destinations,
    digestDestinations: [],
    slaDueAt: null,
    nextAction: null,
  });
}
