/**
 * What each `/api` route does, for the OpenAPI document (openapi.ts). Keyed by "METHOD /path" as the
 * route registers it. A route added without an entry here still appears in the document, marked
 * `x-undocumented`, and test/dashboard/openapi.test.ts fails until it is described.
 */
import { z } from 'zod';
import { createKeySchema } from '../http/routes/admin.ts';
import { outcomesBodySchema } from '../http/routes/outcomes.ts';
import {
  contactedSchema,
  deliveriesQuerySchema,
  historyQuerySchema,
  leadQuerySchema,
  reassignSchema,
  snoozeSchema,
  streamQuerySchema,
  suppressSchema,
} from './api-schemas.ts';
import { signInSchema } from './routes/session.ts';

export interface OperationDoc {
  readonly summary: string;
  readonly description?: string;
  readonly tag: 'Session' | 'Leads' | 'Live' | 'Scores' | 'Workspace' | 'Delivery' | 'Definition' | 'Meta';
  /** `admin`: an admin key (Bearer) or the dashboard's session cookie; `none`: anyone. */
  readonly auth: 'admin' | 'none';
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The success status and what it returns. */
  readonly success?: { readonly status: number; readonly description: string; readonly contentType?: string };
}

const scoresQuery = z.object({
  asOf: z.iso.datetime({ offset: true }).optional().describe('Score as of this time (default now).'),
  tier: z.string().optional().describe('Only entities in this tier.'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
const explainQuery = z.object({ asOf: scoresQuery.shape.asOf });

const ok = (description: string) => ({ status: 200, description });

export const API_DOCS: Readonly<Record<string, OperationDoc>> = {
  'GET /api/openapi.json': {
    summary: 'This document',
    tag: 'Meta',
    auth: 'none',
    success: ok('The OpenAPI 3.1 description of the admin API.'),
  },
  'GET /api/session': {
    summary: 'Who the browser is, and the workspaces it may switch between',
    description: 'mode is open (--open, no sign-in), session (signed in), key (Bearer key) or signed-out.',
    tag: 'Session',
    auth: 'none',
    success: ok('{mode, open, workspace, workspaces[], demo{state}, now}'),
  },
  'POST /api/session': {
    summary: 'Sign in with an admin key',
    description:
      'Sets an HTTP-only, SameSite=Strict session cookie holding a random token (never the key). Requires the x-kindling-csrf header.',
    tag: 'Session',
    auth: 'none',
    body: signInSchema,
    success: { status: 201, description: 'Signed in; the cookie is set.' },
  },
  'DELETE /api/session': {
    summary: 'Sign out',
    tag: 'Session',
    auth: 'none',
    success: ok('The session is ended and the cookie cleared.'),
  },
  'GET /api/suppressions': {
    summary: 'The do-not-contact list (e-mails and domains)',
    tag: 'Workspace',
    auth: 'admin',
    success: ok('{suppressions[]}'),
  },
  'POST /api/suppressions': {
    summary: 'Add e-mails or domains to the do-not-contact list',
    tag: 'Workspace',
    auth: 'admin',
    success: { status: 201, description: '{added, updated}' },
  },
  'DELETE /api/suppressions/{kind}/{value}': {
    summary: 'Remove an entry from the do-not-contact list',
    tag: 'Workspace',
    auth: 'admin',
    success: ok('{removed}'),
  },
  'GET /api/versions': {
    summary: "Saved definition versions, and which is the workspace's live and shadow one",
    tag: 'Definition',
    auth: 'admin',
    success: ok('{live, shadow, versions[{version, name, entity, created_at, live, shadow}]}'),
  },
  'POST /api/versions/activate': {
    summary: 'Save a kindling.yml as a version and/or make a version live or shadow',
    description:
      'Body: {"source": "<kindling.yml>"} or {"version": "<hash or prefix>"}, with "role": "live"|"shadow"; or {"role": "shadow", "off": true}.',
    tag: 'Definition',
    auth: 'admin',
    success: ok('{role, version, live, shadow, warnings[]}'),
  },
  'POST /api/versions/rollback': {
    summary: 'Make the previous live version live again',
    tag: 'Definition',
    auth: 'admin',
    success: ok('{from, to, live}'),
  },
  'GET /api/metrics/funnel': {
    summary:
      'The funnel report: PQLs per week and tier, SLA adherence, conversion by band and signal, baseline',
    description:
      "Query: from, to (ISO-8601, [from, to); without them the span of the workspace's events, qualifications and outcomes, as `kindling report`, else the 90 days up to now), entity (user|account), compare_shadow.",
    tag: 'Definition',
    auth: 'admin',
    success: ok(
      '{entityType, from, to, totals, weeks[], byTier[], byScoreBand[], bySignal[], byVersion[], baseline, unmatchedOutcomes}',
    ),
  },
  'GET /api/stats': {
    summary: 'Workspace statistics: events stored by type, rejections by reason',
    tag: 'Workspace',
    auth: 'admin',
    success: ok('Counts and the latest event times.'),
  },
  'GET /api/entities/{type}/{id}': {
    summary: 'One user or account: identity, traits, event counts, latest events',
    tag: 'Workspace',
    auth: 'admin',
    success: ok('The entity.'),
  },
  'GET /api/keys': {
    summary: "The workspace's API keys (never the keys themselves)",
    tag: 'Workspace',
    auth: 'admin',
  },
  'POST /api/keys': {
    summary: 'Create a write or admin key (shown once)',
    tag: 'Workspace',
    auth: 'admin',
    body: createKeySchema,
    success: { status: 201, description: '{key, record}' },
  },
  'DELETE /api/keys/{id}': { summary: 'Revoke a key', tag: 'Workspace', auth: 'admin' },
  'POST /api/outcomes': {
    summary: 'Record outcomes (contacted, meeting, opportunity, won, lost, churned)',
    tag: 'Workspace',
    auth: 'admin',
    body: outcomesBodySchema,
    success: { status: 201, description: '{stored, unmatched[]}' },
  },
  'GET /api/scores': {
    summary: "Score every entity with the workspace's live definition (compiled SQL)",
    tag: 'Scores',
    auth: 'admin',
    query: scoresQuery,
    success: ok('{definition, asOf, total, scores[]}'),
  },
  'GET /api/entities/{type}/{id}/explain': {
    summary: "One entity's receipt: gates, signals with evidence, next tier",
    tag: 'Scores',
    auth: 'admin',
    query: explainQuery,
    success: ok('{version, receipt, text}'),
  },
  'GET /api/leads': {
    summary: 'The lead queue: one page, filtered and sorted, with facets for the filters',
    tag: 'Leads',
    auth: 'admin',
    query: leadQuerySchema,
    success: ok('{total, page, pageSize, leads[], facets{tiers, owners, statuses, definitions}, now}'),
  },
  'GET /api/leads/{type}/{id}': {
    summary: 'One lead: who, the receipt as of now, qualifications, deliveries, outcomes, timeline',
    tag: 'Leads',
    auth: 'admin',
    success: ok('The lead page.'),
  },
  'GET /api/leads/{type}/{id}/history': {
    summary: 'Score history: the reference evaluator at each daily as_of',
    tag: 'Leads',
    auth: 'admin',
    query: historyQuerySchema,
    success: ok('{definition, tiers[], stepMs, points[{asOf, score, tier}]}'),
  },
  'POST /api/leads/{type}/{id}/contacted': {
    summary: 'Mark contacted: stops the SLA clock and records a contacted outcome',
    tag: 'Leads',
    auth: 'admin',
    body: contactedSchema,
    success: ok('{contactedAt}'),
  },
  'POST /api/leads/{type}/{id}/snooze': {
    summary: 'Snooze the lead until a time',
    tag: 'Leads',
    auth: 'admin',
    body: snoozeSchema,
    success: ok('{snoozedUntil}'),
  },
  'POST /api/leads/{type}/{id}/suppress': {
    summary: "Suppress: the lead's e-mail (user) or domain (account) joins the do-not-contact list",
    tag: 'Leads',
    auth: 'admin',
    body: suppressSchema,
    success: ok('{kind, value}'),
  },
  'POST /api/leads/{type}/{id}/reassign': {
    summary: 'Give the lead to another owner',
    tag: 'Leads',
    auth: 'admin',
    body: reassignSchema,
    success: ok('{owner}'),
  },
  'GET /api/stream': {
    summary: 'Live qualifications and lead changes (server-sent events)',
    description:
      'Events: ready, qualification (QualificationNotice), lead (LeadNotice); a comment every 15 s.',
    tag: 'Live',
    auth: 'admin',
    query: streamQuerySchema,
    success: { status: 200, description: 'An event stream.', contentType: 'text/event-stream' },
  },
  'GET /api/definition': {
    summary: "The workspace's live definition: YAML, problems, tiers, signals, weekly qualifications",
    tag: 'Definition',
    auth: 'admin',
    success: ok('The definition page.'),
  },
  'GET /api/destinations': {
    summary: 'Health per destination: delivered, pending, dead, last success, last failure',
    tag: 'Delivery',
    auth: 'admin',
    success: ok('{destinations[]}'),
  },
  'GET /api/deliveries': {
    summary: 'Alert deliveries, newest first',
    tag: 'Delivery',
    auth: 'admin',
    query: deliveriesQuerySchema,
    success: ok('{deliveries[]}'),
  },
  'POST /api/deliveries/{id}/replay': {
    summary: 'Send a dead letter again (pending, due now, attempts reset)',
    tag: 'Delivery',
    auth: 'admin',
    success: ok('{delivery}'),
  },
};
