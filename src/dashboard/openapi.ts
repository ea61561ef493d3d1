/**
 * The OpenAPI 3.1 document of the admin API, generated from the routes the server really
 * registered (so none can be missing) and described by api-docs.ts, whose request schemas are the
 * zod schemas the routes validate with (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 */
import { z } from 'zod';
import type { Route } from '../http/router.ts';
import { API_DOCS, type OperationDoc } from './api-docs.ts';

type Json = Record<string, unknown>;

/** `/api/leads/:type/:id` → `/api/leads/{type}/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

const schemaOf = (schema: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['success', 'error'],
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' } },
    },
  },
};

function operation(route: Route, doc: OperationDoc | undefined): Json {
  const path = openApiPath(route.path);
  const parameters: Json[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name === 'type' ? { type: 'string', enum: ['user', 'account'] } : { type: 'string' },
  }));
  if (doc?.query !== undefined) {
    const query = schemaOf(doc.query);
    const properties = (query.properties ?? {}) as Record<string, Json>;
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: required.has(name) && !('default' in rest),
        schema: rest,
        ...(description === undefined ? {} : { description }),
      });
    }
  }
  const success = doc?.success ?? { status: 200, description: 'OK' };
  const op: Json = {
    operationId: `${route.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[/._-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: doc?.summary ?? 'Undocumented',
    tags: [doc?.tag ?? 'Undocumented'],
    parameters,
    responses: {
      [String(success.status)]: {
        description: success.description,
        content: { [success.contentType ?? 'application/json']: {} },
      },
      '4XX': {
        description: 'A problem with the request: {success: false, error: {code, message, hint}}.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
    security: doc?.auth === 'none' ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
  };
  if (doc?.description !== undefined) op.description = doc.description;
  if (doc?.body !== undefined) {
    op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(doc.body) } } };
  }
  if (doc === undefined) op['x-undocumented'] = true;
  return op;
}

export function openApiDocument(routes: readonly Route[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    if (!route.path.startsWith('/api/')) continue;
    const path = openApiPath(route.path);
    const item = paths[path] ?? {};
    item[route.method.toLowerCase()] = operation(route, API_DOCS[`${route.method} ${path}`]);
    paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kindling admin API',
      version,
      description:
        'The API the dashboard uses. Authenticate with "Authorization: Bearer <admin key>", or sign in (POST /api/session) for a session cookie; cookie-authenticated requests that change something must send the x-kindling-csrf header. In --open mode (loopback only) no credentials are needed.',
    },
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An admin key (ka_…).' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'kindling_session' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
