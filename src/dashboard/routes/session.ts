/**
 * Dashboard sign-in: `POST /api/session` trades an admin key for a session cookie (HTTP-only,
 * SameSite=Strict; the key is never stored in it), `GET /api/session` says who the browser is and
 * which workspaces it may switch between, `DELETE /api/session` signs out.
 */
import { z } from 'zod';
import type { AppContext } from '../../http/app-context.ts';
import { keyFromHeaders, throttledReply } from '../../http/auth.ts';
import { errorReply, json, type Reply } from '../../http/reply.ts';
import type { Route } from '../../http/router.ts';
import { readJsonBody } from '../../http/routes/admin.ts';
import { hashKey, type KeyRecord } from '../../workspace/keys.ts';
import { CSRF_HEADER, crossSiteProblem } from '../browser-access.ts';
import { hostOfHeader, isLoopbackHost } from '../loopback.ts';
import {
  clearedSessionCookie,
  cookieOf,
  SESSION_COOKIE,
  type SessionStore,
  sessionCookie,
} from '../sessions.ts';
import type { WorkspaceSummary } from '../workspaces.ts';

export const signInSchema = z.object({ key: z.string().min(1).max(512) });

/** What the dashboard shows about the demo workspace while it is being prepared. */
export interface DemoStatus {
  readonly state: 'off' | 'preparing' | 'ready' | 'failed';
  readonly workspaceId: string;
  readonly detail: string | null;
}

export interface SessionDeps {
  readonly sessions: SessionStore;
  readonly open: boolean;
  /** Cookies get `Secure` when the dashboard's public URL is https. */
  readonly secureCookies: boolean;
  readonly workspaces: () => Promise<WorkspaceSummary[]>;
  readonly demo: () => DemoStatus;
}

type Mode = 'open' | 'session' | 'key' | 'signed-out';

export function sessionRoutes(app: AppContext, deps: SessionDeps): Route[] {
  /** The admin key the request holds by header or cookie; only a throttled source is refused. */
  const whoIs = async (
    ctx: Parameters<Route['handle']>[0],
  ): Promise<{ mode: Mode; key: KeyRecord | null } | Reply> => {
    const presented = keyFromHeaders(ctx.req);
    if (presented !== null) {
      const checked = await app.resolver.check(presented, ctx.req);
      if (!checked.ok && checked.throttled) return throttledReply(checked.retryAfterSeconds);
      const key = checked.ok && checked.key.kind === 'admin' ? checked.key : null;
      return { mode: key === null ? 'signed-out' : 'key', key };
    }
    const token = cookieOf(ctx.req, SESSION_COOKIE);
    const session = token === null ? null : deps.sessions.find(token);
    const key = session === null ? null : await app.resolver.resolveHash(session.keyHash);
    if (key !== null && key.kind === 'admin') return { mode: 'session', key };
    // Open mode answers only requests addressed to this machine (as browser-access.ts does for the
    // admin API), so a DNS-rebinding page cannot list the workspaces.
    const loopback = isLoopbackHost(hostOfHeader(ctx.req.headers.host ?? ''));
    return { mode: deps.open && loopback ? 'open' : 'signed-out', key: null };
  };

  return [
    {
      method: 'GET',
      path: '/api/session',
      handle: async (ctx) => {
        const who = await whoIs(ctx);
        if ('status' in who) return who;
        const { mode, key } = who;
        const all = await deps.workspaces();
        const workspaces =
          key !== null ? all.filter((w) => w.id === key.workspaceId) : mode === 'open' ? all : [];
        return json(
          200,
          {
            mode,
            open: deps.open,
            workspaces,
            workspace: key?.workspaceId ?? null,
            demo: deps.demo(),
            csrfHeader: CSRF_HEADER,
            now: new Date(app.now()).toISOString(),
          },
          { 'cache-control': 'no-store' },
        );
      },
    },
    {
      method: 'POST',
      path: '/api/session',
      handle: async ({ req }) => {
        const problem = crossSiteProblem(req);
        if (problem !== null && !problem.ok) {
          req.resume();
          return errorReply(problem.status, problem.code, problem.message, problem.hint);
        }
        const body = await readJsonBody(req);
        if (!body.ok) return body.reply;
        const input = signInSchema.safeParse(body.value);
        if (!input.success) return errorReply(400, 'invalid-body', 'Expected {"key": "<admin key>"}.');
        const checked = await app.resolver.check(input.data.key.trim(), req);
        if (!checked.ok && checked.throttled) return throttledReply(checked.retryAfterSeconds);
        const key = checked.ok ? checked.key : null;
        if (key === null) {
          return errorReply(
            401,
            'unknown-key',
            'That key is not a live key of this server.',
            'Check for typos; keys start with ka_.',
          );
        }
        if (key.kind !== 'admin') {
          return errorReply(
            403,
            'not-an-admin-key',
            'A write key cannot sign in.',
            'Use an admin key (ka_…).',
          );
        }
        const token = deps.sessions.create(hashKey(input.data.key.trim()), key.workspaceId);
        return json(
          201,
          { mode: 'session', workspace: key.workspaceId },
          { 'set-cookie': sessionCookie(token, deps.secureCookies), 'cache-control': 'no-store' },
        );
      },
    },
    {
      method: 'DELETE',
      path: '/api/session',
      handle: async ({ req }): Promise<Reply> => {
        const problem = crossSiteProblem(req);
        if (problem !== null && !problem.ok) {
          return errorReply(problem.status, problem.code, problem.message, problem.hint);
        }
        const token = cookieOf(req, SESSION_COOKIE);
        if (token !== null) deps.sessions.delete(token);
        return json(
          200,
          { mode: deps.open ? 'open' : 'signed-out' },
          {
            'set-cookie': clearedSessionCookie(deps.secureCookies),
          },
        );
      },
    },
  ];
}
