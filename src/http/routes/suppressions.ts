/**
 * The do-not-contact list (`/api/suppressions`), admin key only and scoped to the key's workspace:
 * list, add (one entry or `{ "suppressions": [...] }`, all or nothing), remove. Routing reads the
 * same table (src/route/routing-state-sql.ts), so an entry added here suppresses the next
 * qualification at once.
 */
import { z } from 'zod';
import {
  normalizeSuppression,
  SUPPRESSION_KINDS,
  type SuppressionEntry,
  type SuppressionRecord,
  suppressionInputSchema,
} from '../../route/suppressions/suppression-entry.ts';
import type { SuppressionStore } from '../../route/suppressions/suppression-store.ts';
import type { AppContext } from '../app-context.ts';
import { errorReply, json } from '../reply.ts';
import type { Route } from '../router.ts';
import { adminOnly, readJsonBody } from './admin.ts';

export const MAX_SUPPRESSIONS_PER_REQUEST = 5000;

const SOURCES = ['api', 'import', 'cli'] as const;

const bodySchema = z.union([
  z.object({
    suppressions: z.array(suppressionInputSchema).min(1).max(MAX_SUPPRESSIONS_PER_REQUEST),
    source: z.enum(SOURCES).default('api'),
  }),
  suppressionInputSchema.extend({ source: z.enum(SOURCES).default('api') }),
]);

const listQuery = z.object({
  kind: z.enum(SUPPRESSION_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
});

const HINT = `Send {"value": "jane@acme.com" | "acme.com", "kind"?: "email"|"domain", "reason"?: string}, or {"suppressions": [...]} (at most ${MAX_SUPPRESSIONS_PER_REQUEST}).`;

export function toJson(record: SuppressionRecord) {
  return { ...record, createdAt: new Date(record.createdAt).toISOString() };
}

export function suppressionRoutes(app: AppContext, suppressions: SuppressionStore): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/suppressions',
      handle: adminOnly(app, async ({ url }, key) => {
        const query = listQuery.safeParse(Object.fromEntries(url.searchParams));
        if (!query.success) {
          return errorReply(
            400,
            'invalid-query',
            'kind must be email or domain; limit a whole number from 1.',
          );
        }
        const list = await suppressions.list(key.workspaceId, query.data);
        return json(200, { suppressions: list.map(toJson) });
      }),
    },
    {
      method: 'POST',
      path: '/api/suppressions',
      handle: adminOnly(app, async ({ req }, key) => {
        const body = await readJsonBody(req);
        if (!body.ok) return body.reply;
        const parsed = bodySchema.safeParse(body.value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return errorReply(
            400,
            'invalid-suppression',
            `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
            HINT,
          );
        }
        const inputs = 'suppressions' in parsed.data ? parsed.data.suppressions : [parsed.data];
        const entries: SuppressionEntry[] = [];
        for (const [index, input] of inputs.entries()) {
          const entry = normalizeSuppression(input);
          if (!entry.ok) {
            const where = 'suppressions' in parsed.data ? `suppressions.${index}: ` : '';
            return errorReply(400, 'invalid-suppression', `${where}${entry.error}`, HINT);
          }
          entries.push(entry.value);
        }
        const result = await suppressions.add(key.workspaceId, entries, parsed.data.source);
        return json(201, result);
      }),
    },
    {
      method: 'DELETE',
      path: '/api/suppressions/:kind/:value',
      handle: adminOnly(app, async ({ params }, key) => {
        const kind = params.kind;
        if (kind !== 'email' && kind !== 'domain') {
          return errorReply(400, 'bad-suppression-kind', `Unknown kind "${kind}".`, 'Use email or domain.');
        }
        const entry = normalizeSuppression({ kind, value: params.value ?? '' });
        const value = entry.ok ? entry.value.value : (params.value ?? '');
        const removed = await suppressions.remove(key.workspaceId, kind, value);
        return removed === null
          ? errorReply(404, 'not-found', `No ${kind} "${value}" on this workspace's do-not-contact list.`)
          : json(200, { removed: toJson(removed) });
      }),
    },
  ];
}
