/**
 * `GET /api/metrics/funnel?from&to[&entity=user|account][&compare_shadow=true]`: the funnel report
 * of the key's workspace (docs/funnel.md). `from`/`to` are ISO-8601 times; without them, the span
 * of the workspace's data as `kindling report` uses (else the 90 days up to now).
 */
import { z } from 'zod';
import { parseIsoTimestamp } from '../../collect/timestamp.ts';
import { funnelPeriod, funnelReport, funnelScope } from '../../report/funnel-report.ts';
import type { AppContext } from '../app-context.ts';
import { errorReply, json } from '../reply.ts';
import type { Route } from '../router.ts';
import { adminOnly } from './admin.ts';

const querySchema = z.object({
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  entity: z.enum(['user', 'account']).optional(),
  compare_shadow: z.enum(['true', 'false', '1', '0']).optional(),
});

export function metricsRoutes(app: AppContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/metrics/funnel',
      handle: adminOnly(app, async ({ url }, key) => {
        const db = app.store.database.client;
        const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
        if (!query.success) {
          return errorReply(
            400,
            'invalid-query',
            query.error.issues[0]?.message ?? 'invalid query',
            'Use ?from=ISO&to=ISO&entity=user|account&compare_shadow=true.',
          );
        }
        const givenFrom = query.data.from === undefined ? undefined : parseIsoTimestamp(query.data.from);
        const givenTo = query.data.to === undefined ? undefined : parseIsoTimestamp(query.data.to);
        if (givenFrom === null || givenTo === null) return badPeriod();
        // Without from or to: the span of the workspace's data, as `kindling report` does.
        const scope =
          givenFrom === undefined || givenTo === undefined
            ? await funnelScope(db, key.workspaceId, key.workspaceId)
            : null;
        const { from, to } = funnelPeriod(scope, { from: givenFrom, to: givenTo }, app.now());
        if (from >= to) return badPeriod();
        const result = await funnelReport(db, {
          workspaceId: key.workspaceId,
          from,
          to,
          ...(query.data.entity === undefined ? {} : { entityType: query.data.entity }),
          compareShadow: query.data.compare_shadow === 'true' || query.data.compare_shadow === '1',
        });
        return json(
          200,
          result.shadow === null ? result.report : { ...result.report, shadow: result.shadow },
        );
      }),
    },
  ];
}

const badPeriod = () =>
  errorReply(400, 'invalid-period', 'from and to must be ISO-8601 times with from before to.');
