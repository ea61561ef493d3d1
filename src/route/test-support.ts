/**
 * Helpers for the routing tests: a routing section loaded the real way (through the definition
 * front end), facts and state with defaults, and a workload that learns from each assignment.
 * Test-only; nothing in src/ imports this file.
 */

import { loadDefinition } from '../definition/load-definition.ts';
import type { Owner, RoutingConfig } from '../definition/routing/routing-config.ts';
import { unindent } from '../definition/testing.ts';
import type { LeadFacts, RoutingDecision, RoutingState } from './routing-types.ts';

const SCORING = `kindling: 1
name: routing-test
entity: account
tiers: { cold: 0, warm: 26, hot: 51, burning: 76 }
`;

const DESTINATIONS = `destinations:
  sales-slack: { kind: slack, webhook_url_env: SLACK_SALES }
  cs-slack: { kind: slack, webhook_url_env: SLACK_CS }
  managers: { kind: slack, webhook_url_env: SLACK_MANAGERS }
  feedback: { kind: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }
  hubspot: { kind: hubspot, token_env: HUBSPOT_TOKEN }
  sales-mail: { kind: email, host: smtp.example.com, from: pql@vendor.example }
  nurture: { kind: email, host: smtp.example.com, from: pql@vendor.example, digest: { at: "08:30" } }
`;

/**
 * A routing section (written as under `routing:`, unindented) with the test destinations, plus
 * any `extra` ones (name → the destination as YAML flow text).
 */
export function routingConfig(routing: string, extra: Readonly<Record<string, string>> = {}): RoutingConfig {
  const more = Object.entries(extra)
    .map(([name, yaml]) => `  ${name}: ${yaml}\n`)
    .join('');
  const text = `${SCORING}${DESTINATIONS}${more}routing:\n${indent(unindent(routing))}`;
  const result = loadDefinition(text, 'routing-test.yml');
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (result.routing === null || errors.length > 0) {
    throw new Error(
      `bad test routing: ${errors.map((p) => `${p.line}:${p.col} ${p.code} ${p.message}`).join('; ')}`,
    );
  }
  return result.routing;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

export const AS_OF = Date.UTC(2025, 5, 2, 10, 0); // Monday 2 June 2025, 10:00 UTC
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function facts(overrides: Partial<LeadFacts> = {}): LeadFacts {
  return {
    entityType: 'account',
    entityId: 'acme',
    tier: 'hot',
    previousTier: 'warm',
    handRaiser: false,
    score: 60,
    email: 'jane@acme.example',
    domain: 'acme.example',
    traits: {},
    asOf: AS_OF,
    ...overrides,
  };
}

export function state(overrides: Partial<RoutingState> = {}): RoutingState {
  return {
    existingOwner: null,
    lastAlert: null,
    openLeadsByOwner: new Map(),
    lastAssignedAtByOwner: new Map(),
    suppression: null,
    churnedAt: null,
    ...overrides,
  };
}

/** Open leads and last assignments that grow as decisions assign owners, as the lead table would. */
export class Workload {
  readonly openLeadsByOwner = new Map<string, number>();
  readonly lastAssignedAtByOwner = new Map<string, number>();

  record(decision: RoutingDecision, at: number): void {
    if (decision.owner === null || decision.assignment === 'kept') return;
    this.assign(decision.owner, at);
  }

  assign(owner: Owner, at: number): void {
    this.openLeadsByOwner.set(owner.email, (this.openLeadsByOwner.get(owner.email) ?? 0) + 1);
    this.lastAssignedAtByOwner.set(owner.email, at);
  }

  close(email: string): void {
    this.openLeadsByOwner.set(email, Math.max(0, (this.openLeadsByOwner.get(email) ?? 0) - 1));
  }

  state(overrides: Partial<RoutingState> = {}): RoutingState {
    return state({
      openLeadsByOwner: new Map(this.openLeadsByOwner),
      lastAssignedAtByOwner: new Map(this.lastAssignedAtByOwner),
      ...overrides,
    });
  }
}
