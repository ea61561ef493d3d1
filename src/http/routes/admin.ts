/**
 * The admin API (`Authorization: Bearer <admin key>`, or the dashboard's sign-in cookie): workspace
 * stats, one entity, key management.
 * Every handler is scoped to the key's workspace; a write key gets 403.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { KEY_KINDS, type KeyRecord } from '../../workspace/keys.ts';
import type { AppContext } from '../app-context.ts';
import { keyFromHeaders, throttledReply } from '../auth.ts';
import { parseJson, readBody } from '../read-body.ts';
import { errorReply, json, type Reply } from '../reply.ts';
import type { RequestContext, Route } from '../router.ts';

type AdminHandler = (ctx: RequestContext, key: KeyRecord) => Promise<Reply>;

export function adminOnly(app: AppContext, handler: AdminHandler): (ctx: RequestContext) => Promise<Reply> {
  return async (ctx) => {
    const presented = keyFromHeaders(ctx.req);
    const checked = presented === null ? null : await app.resolver.check(presented, ctx.req);
    if (checked?.ok === false && checked.throttled) {
      ctx.req.resume();
      return throttledReply(checked.retryAfterSeconds);
    }
    let key = checked?.ok === true ? checked.key : null;
    // Without a key: the dashboard's session cookie or --open mode (which also check CSRF).
    const browser = presented === null ? await app.browser?.resolve(ctx.req, ctx.url) : undefined;
    if (browser?.ok === false) {
      ctx.req.resume();
      return errorReply(browser.status, browser.code, browser.message, browser.hint);
    }
    if (browser?.ok === true) key = browser.key;
    if (key === null) {
      ctx.req.resume();
      return errorReply(
        401,
        'unauthorized',
        'An admin key is required.',
        'Send "Authorization: Bearer <admin key>", or sign in to the dashboard.',
      );
    }
    if (key.kind !== 'admin') {
      ctx.req.resume();
      return errorReply(
        403,
        'forbidden',
        'This key can only send events.',
        'Use an admin key for the admin API.',
      );
    }
    return handler(ctx, key);
  };
}

export async function readJsonBody(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; reply: Reply }> {
  const body = await readBody(req, 1024 * 1024, '1 MB admin request');
  if (!body.ok) return { ok: false, reply: body.error };
  const parsed = parseJson(body.value.length === 0 ? Buffer.from('{}') : body.value, 32);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, reply: parsed.error };
}

export const createKeySchema = z.object({ kind: z.enum(KEY_KINDS), label: z.string().max(200).nullish() });

export function adminRoutes(app: AppContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/stats',
      handle: adminOnly(app, async (_ctx, key) => json(200, await app.store.stats(key.workspaceId))),
    },
    {
      method: 'GET',
      path: '/api/entities/:type/:id',
      handle: adminOnly(app, async ({ params }, key) => {
        const type = params.type;
        if (type !== 'user' && type !== 'account') {
          return errorReply(400, 'bad-entity-type', `Unknown entity type "${type}".`, 'Use user or account.');
        }
        const entity = await app.store.entity(key.workspaceId, type, params.id ?? '');
        return entity === null
          ? errorReply(404, 'not-found', `No ${type} "${params.id}" in this workspace.`)
          : json(200, entity);
      }),
    },
    {
      method: 'GET',
      path: '/api/keys',
      handle: adminOnly(app, async (_ctx, key) =>
        json(200, { keys: await app.keys.listKeys(key.workspaceId) }),
      ),
    },
    {
      method: 'POST',
      path: '/api/keys',
      handle: adminOnly(app, async ({ req }, key) => {
        const body = await readJsonBody(req);
        if (!body.ok) return body.reply;
        const input = createKeySchema.safeParse(body.value);
        if (!input.success) {
          return errorReply(400, 'invalid-body', 'Expected {"kind": "write"|"admin", "label"?: string}.');
        }
        const created = await app.keys.createKey({
          workspaceId: key.workspaceId,
          kind: input.data.kind,
          label: input.data.label ?? null,
          key: null,
        });
        return json(201, { key: created.key, record: created.record });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/keys/:id',
      handle: adminOnly(app, async ({ params }, key) => {
        const owned = (await app.keys.listKeys(key.workspaceId)).some((k) => k.id === params.id);
        if (!owned) return errorReply(404, 'not-found', `No key "${params.id}" in this workspace.`);
        const revoked = await app.keys.revokeKey(params.id ?? '');
        app.resolver.forget(params.id ?? '');
        return json(200, { record: revoked });
      }),
    },
  ];
}
