/** Query strings and JSON bodies through a zod schema, with a 400 naming the first bad field. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { errorReply, type Reply } from '../http/reply.ts';
import { readJsonBody } from '../http/routes/admin.ts';

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.join('.') ?? '';
  return `${where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid'}`;
}

export function parseQuery<S extends z.ZodType>(
  schema: S,
  url: URL,
): { ok: true; value: z.output<S> } | { ok: false; reply: Reply } {
  const raw = Object.fromEntries(url.searchParams);
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        reply: errorReply(400, 'invalid-query', firstIssue(parsed.error), 'See /api/openapi.json.'),
      };
}

export async function parseBody<S extends z.ZodType>(
  schema: S,
  req: IncomingMessage,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; reply: Reply }> {
  const body = await readJsonBody(req);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        reply: errorReply(400, 'invalid-body', firstIssue(parsed.error), 'See /api/openapi.json.'),
      };
}
