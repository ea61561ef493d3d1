/** `GET /api/openapi.json`: the admin API described from the routes this server registered. */

import { json } from '../../http/reply.ts';
import type { Route } from '../../http/router.ts';
import { openApiDocument } from '../openapi.ts';

/** `all` is read per request, so the document lists every route, including ones registered after this. */
export function openApiRoutes(all: () => readonly Route[], version: string): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/openapi.json',
      handle: async () => json(200, openApiDocument(all(), version), { 'cache-control': 'no-cache' }),
    },
  ];
}
