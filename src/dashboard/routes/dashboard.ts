/**
 * The dashboard itself (its pages and built assets, served at `/`), and the admin API its
 * definition and destinations pages need: the live definition, destination health, deliveries and
 * the replay of a dead letter. Page addresses all serve the same app shell, which routes in the
 * browser; `/leads/:workspace/:type/:id` is the address alerts link to.
 */

import type { AppContext } from '../../http/app-context.ts';
import { errorReply, json } from '../../http/reply.ts';
import type { Route } from '../../http/router.ts';
import { adminOnly } from '../../http/routes/admin.ts';
import type { DeliveryRecord } from '../../outbox/outbox-store.ts';
import { deliveriesQuerySchema } from '../api-schemas.ts';
import type { DashboardServices } from '../dashboard-services.ts';
import { definitionView } from '../definition-view.ts';
import { parseQuery } from '../validate-request.ts';

/** Every address the dashboard app answers in the browser. */
export const PAGE_PATHS = [
  '/',
  '/leads',
  '/leads/:workspace/:type/:id',
  '/definition',
  '/funnel',
  '/destinations',
  '/sign-in',
] as const;

const time = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A delivery as the dashboard lists it: the alert's who and why, and how the last attempt went. */
function deliveryView(d: DeliveryRecord) {
  return {
    id: d.id,
    qualificationId: d.alertId,
    destination: d.destination,
    entityType: d.entityType,
    entityId: d.entityId,
    name: d.alert.name,
    company: d.alert.company,
    tier: d.alert.tier,
    score: d.alert.score,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastDetail: d.lastDetail,
    createdAt: time(d.createdAt),
    updatedAt: time(d.updatedAt),
    nextAttemptAt: time(d.nextAttemptAt),
    deliveredAt: time(d.deliveredAt),
  };
}

export function dashboardRoutes(app: AppContext, services: DashboardServices): Route[] {
  const pages: Route[] = PAGE_PATHS.map((path) => ({
    method: 'GET',
    path,
    handle: async ({ req }) => services.site.page(req.headers['accept-encoding']),
  }));
  return [
    ...pages,
    {
      method: 'GET',
      path: '/assets/:file',
      handle: async ({ req, params }) =>
        services.site.asset(`assets/${params.file ?? ''}`, req.headers['accept-encoding']) ??
        errorReply(404, 'not-found', `No asset ${params.file}.`, 'Rebuild the dashboard: npm run build:web.'),
    },
    {
      method: 'GET',
      path: '/api/definition',
      handle: adminOnly(app, async (_ctx, key) => {
        const definition = await services.definitionFor(key.workspaceId);
        if (definition === null) {
          return errorReply(
            404,
            'no-definition',
            'This workspace has no definition yet.',
            'Start the server with --definition FILE (or put a kindling.yml where it starts), or activate a version.',
          );
        }
        return json(200, await definitionView(services.db, key.workspaceId, definition, app.now()));
      }),
    },
    {
      method: 'GET',
      path: '/api/destinations',
      handle: adminOnly(app, async (_ctx, key) => {
        const health = await services.outbox.health(key.workspaceId);
        return json(200, {
          destinations: health.map((h) => ({
            ...h,
            lastSuccessAt: time(h.lastSuccessAt),
            lastFailure: h.lastFailure === null ? null : { ...h.lastFailure, at: time(h.lastFailure.at) },
          })),
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/deliveries',
      handle: adminOnly(app, async ({ url }, key) => {
        const query = parseQuery(deliveriesQuerySchema, url);
        if (!query.ok) return query.reply;
        const list = await services.outbox.list({
          failed: query.value.failed === 'true',
          workspaceId: key.workspaceId,
          limit: query.value.limit,
        });
        return json(200, { deliveries: list.map(deliveryView) });
      }),
    },
    {
      method: 'POST',
      path: '/api/deliveries/:id/replay',
      handle: adminOnly(app, async ({ req, params }, key) => {
        req.resume();
        const id = params.id ?? '';
        const current = await services.outbox.get(id);
        if (current === null || current.workspaceId !== key.workspaceId) {
          return errorReply(404, 'not-found', `No delivery "${id}" in this workspace.`);
        }
        const replayed = await services.outbox.replay(id);
        if (!replayed.ok) {
          return errorReply(
            409,
            'not-dead',
            `Delivery ${id} is ${current.status}: only dead letters are replayed.`,
          );
        }
        return json(200, { delivery: deliveryView(replayed.value) });
      }),
    },
  ];
}
