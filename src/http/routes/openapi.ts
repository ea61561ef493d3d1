/** `GET /api/openapi.json`: the admin API described from the routes this server registered. */
import { openApiDocument } from '../../dashboard/openapi.ts';
import { json } from '../reply.ts';
import type { Route } from '../router.ts';

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
