/** `GET /api/stream`: the workspace's qualifications and lead changes as server-sent events. */

import type { AppContext } from '../../http/app-context.ts';
import type { Route } from '../../http/router.ts';
import { adminOnly } from '../../http/routes/admin.ts';
import type { DashboardServices } from '../dashboard-services.ts';
import { STREAM_HEADERS } from '../event-stream.ts';

export function streamRoutes(app: AppContext, services: DashboardServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/stream',
      handle: adminOnly(app, async (_ctx, key) => ({
        status: 200,
        body: null,
        headers: STREAM_HEADERS,
        stream: (res) => services.streams.serve(res, key.workspaceId, app.now()),
      })),
    },
  ];
}
