/**
 * The versions admin API seen from the CLI, for when a running server holds the data directory:
 * the same operations as version-store.ts, over HTTP with the admin key (KINDLING_ADMIN_KEY).
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';

export interface ClientFailure {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** Definition problems at FILE:LINE:COL, when the server refused a definition. */
  readonly problems?: readonly string[];
}

const failureSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }),
  problems: z.array(z.string()).optional(),
});

export async function callVersionsApi(
  server: { readonly url: string; readonly key: string },
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Result<unknown, ClientFailure>> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const reply: unknown = await res.json();
  if (res.ok) return ok(reply);
  const failure = failureSchema.safeParse(reply);
  if (!failure.success) return err({ code: 'server-error', message: `The server answered ${res.status}.` });
  return err({
    ...failure.data.error,
    ...(failure.data.problems === undefined ? {} : { problems: failure.data.problems }),
  });
}
