/**
 * The lead queue and the lead page: `GET /api/leads` (filtered, sorted, one page), one lead with its
 * receipt, timeline, alerts and outcomes, its score history, and what a person does to a lead:
 * mark contacted, snooze, suppress, reassign. All scoped to the caller's workspace.
 */

import type { AppContext } from '../../http/app-context.ts';
import { errorReply, json, type Reply } from '../../http/reply.ts';
import type { RequestContext, Route } from '../../http/router.ts';
import { adminOnly } from '../../http/routes/admin.ts';
import type { LeadActionError, LeadRef } from '../../leads/lead-actions.ts';
import type { Result } from '../../lib/result.ts';
import type { KeyRecord } from '../../workspace/keys.ts';
import {
  contactedSchema,
  entityTypeSchema,
  historyQuerySchema,
  leadQuerySchema,
  reassignSchema,
  snoozeSchema,
  suppressSchema,
} from '../api-schemas.ts';
import type { DashboardServices } from '../dashboard-services.ts';
import { entityDataset, leadDetail } from '../lead-detail.ts';
import { listLeads } from '../lead-list.ts';
import { DAY_MS, scoreHistory } from '../score-history.ts';
import { parseBody, parseQuery } from '../validate-request.ts';

function leadRef(params: RequestContext['params'], key: KeyRecord): LeadRef | Reply {
  const type = entityTypeSchema.safeParse(params.type);
  if (!type.success)
    return errorReply(
      400,
      'bad-entity-type',
      `Unknown entity type "${params.type}".`,
      'Use user or account.',
    );
  return { workspaceId: key.workspaceId, entityType: type.data, entityId: params.id ?? '' };
}

const isRef = (value: LeadRef | Reply): value is LeadRef => 'entityId' in value;

function actionReply<T>(result: Result<T, LeadActionError>): Reply {
  if (result.ok) return json(200, result.value);
  return result.error.code === 'no-lead'
    ? errorReply(404, result.error.code, result.error.message)
    : errorReply(
        409,
        result.error.code,
        result.error.message,
        'Add the trait, or add the entry with POST /api/suppressions.',
      );
}

export function leadRoutes(app: AppContext, services: DashboardServices): Route[] {
  const action = (
    path: string,
    run: (ctx: RequestContext, lead: LeadRef, key: KeyRecord) => Promise<Reply>,
  ): Route => ({
    method: 'POST',
    path: `/api/leads/:type/:id/${path}`,
    handle: adminOnly(app, async (ctx, key) => {
      const lead = leadRef(ctx.params, key);
      if (!isRef(lead)) {
        ctx.req.resume();
        return lead;
      }
      return run(ctx, lead, key);
    }),
  });

  return [
    {
      method: 'GET',
      path: '/api/leads',
      handle: adminOnly(app, async ({ url }, key) => {
        const query = parseQuery(leadQuerySchema, url);
        if (!query.ok) return query.reply;
        const now = app.now();
        const page = await listLeads(services.db, key.workspaceId, query.value, now);
        return json(200, { ...page, now: new Date(now).toISOString() });
      }),
    },
    {
      method: 'GET',
      path: '/api/leads/:type/:id',
      handle: adminOnly(app, async ({ params }, key) => {
        const lead = leadRef(params, key);
        if (!isRef(lead)) return lead;
        const now = app.now();
        const detail = await leadDetail(services, {
          ...lead,
          definition: await services.definitionFor(key.workspaceId),
          options: services.evaluation,
          now,
        });
        if (detail === null)
          return errorReply(404, 'not-found', `No ${lead.entityType} "${lead.entityId}" in this workspace.`);
        return json(200, { ...detail, now: new Date(now).toISOString() });
      }),
    },
    {
      method: 'GET',
      path: '/api/leads/:type/:id/history',
      handle: adminOnly(app, async ({ params, url }, key) => {
        const lead = leadRef(params, key);
        if (!isRef(lead)) return lead;
        const query = parseQuery(historyQuerySchema, url);
        if (!query.ok) return query.reply;
        const definition = await services.definitionFor(key.workspaceId);
        if (definition === null || definition.ir.entity !== lead.entityType) {
          return errorReply(
            409,
            'no-definition',
            `No definition scores ${lead.entityType}s in this workspace.`,
            'Start the server with --definition, or activate a version.',
          );
        }
        const now = app.now();
        const data = await entityDataset(
          services.dataset,
          key.workspaceId,
          lead.entityType,
          lead.entityId,
          services.evaluation,
        );
        const points = scoreHistory(definition.ir, data, lead.entityId, {
          now,
          days: query.value.days,
          options: services.evaluation,
        });
        return json(200, {
          definition: { name: definition.ir.name, version: definition.version },
          tiers: definition.ir.tiers,
          stepMs: DAY_MS,
          points,
        });
      }),
    },
    action('contacted', async ({ req }, lead) => {
      const body = await parseBody(contactedSchema, req);
      if (!body.ok) return body.reply;
      return actionReply(await services.actions.contacted(lead, body.value.by ?? null));
    }),
    action('snooze', async ({ req }, lead) => {
      const body = await parseBody(snoozeSchema, req);
      if (!body.ok) return body.reply;
      const until =
        body.value.until !== undefined
          ? Date.parse(body.value.until)
          : app.now() + (body.value.hours ?? 0) * 3_600_000;
      if (until <= app.now()) return errorReply(400, 'invalid-body', 'until must be in the future.');
      return actionReply(await services.actions.snooze(lead, until));
    }),
    action('suppress', async ({ req }, lead) => {
      const body = await parseBody(suppressSchema, req);
      if (!body.ok) return body.reply;
      return actionReply(await services.actions.suppress(lead, body.value.reason ?? null));
    }),
    action('reassign', async ({ req }, lead) => {
      const body = await parseBody(reassignSchema, req);
      if (!body.ok) return body.reply;
      return actionReply(
        await services.actions.reassign(lead, {
          email: body.value.owner,
          name: body.value.ownerName ?? null,
        }),
      );
    }),
  ];
}
