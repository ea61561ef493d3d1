/** `GET /api/stream`: the workspace's qualifications and lead changes as server-sent events. */
import type { DashboardServices } from '../../dashboard/dashboard-services.ts';
import { STREAM_HEADERS } from '../../dashboard/event-stream.ts';
import type { AppContext } from '../app-context.ts';
import type { Route } from '../router.ts';
import { adminOnly } from './admin.ts';

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
