/**
 * What the engine asks routing (src/route/) about one qualification, and what it gets back. The
 * engine reads the routing state from the store and writes the decision; routing itself is pure.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { JsonValue } from '../lib/json.ts';
import type { EntityType } from '../model/dataset.ts';

export interface QualificationFacts {
  readonly workspaceId: string;
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly handRaiser: boolean;
  readonly score: number;
  readonly email: string | null;
  readonly domain: string | null;
  readonly traits: Readonly<Record<string, JsonValue>>;
  readonly asOf: number;
}

export interface Owner {
  readonly email: string | null;
  readonly name: string | null;
  readonly team: string | null;
}

export interface RouteDecision {
  /** The rule that matched, by name; null when no routing is configured or no rule matched. */
  readonly rule: string | null;
  readonly status: 'alert' | 'suppressed' | 'cooldown' | 'no-alert';
  /** A stable code for suppression and cooldown (e.g. `do-not-contact`, `cooldown`). */
  readonly reason: string | null;
  readonly detail: string | null;
  readonly owner: Owner | null;
  /** Sent now. */
  readonly destinations: readonly string[];
  /** Collected for the destination's next digest. */
  readonly digestDestinations: readonly string[];
  /** Epoch ms. */
  readonly slaDueAt: number | null;
  readonly nextAction: string | null;
}

/** Decides inside the engine's transaction (it may read the leads, suppressions and outcomes tables). */
export type QualificationRouter = (
  conn: DuckDBConnection,
  facts: QualificationFacts,
) => Promise<RouteDecision>;

/** Without a routing section: every qualification alerts every configured destination, no owner, no SLA. */
export function alertEverywhere(destinations: readonly string[]): QualificationRouter {
  return async () => ({
    rule: null,
    status: destinations.length > 0 ? 'alert' : 'no-alert',
    reason: null,
    detail: destinations.length > 0 ? null : 'no destinations are configured',
    owner: null,
    destinations,
    digestDestinations: [],
    slaDueAt: null,
    nextAction: null,
  });
}
