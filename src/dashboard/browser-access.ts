/**
 * The admin API for browsers: a request without a key acts for the admin whose sign-in session its
 * cookie names, or, in `--open` mode, for anyone on this machine. Both are guarded against other
 * web sites: a state-changing request must carry the `x-kindling-csrf` header (which a cross-site
 * form or image cannot send) and, when the browser names its origin, come from this server; in
 * `--open` mode the Host header must be a loopback name too, so DNS rebinding cannot reach it.
 */
import type { IncomingMessage } from 'node:http';
import type { BrowserAccess, BrowserCredential, KeyResolver } from '../http/auth.ts';
import type { KeyRecord } from '../workspace/keys.ts';
import { hostOfHeader, isLoopbackHost } from './loopback.ts';
import { cookieOf, SESSION_COOKIE, type SessionStore } from './sessions.ts';

export const CSRF_HEADER = 'x-kindling-csrf';
export const WORKSPACE_HEADER = 'x-kindling-workspace';
export const OPEN_MODE_KEY_ID = 'open-mode';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface BrowserAccessOptions {
  readonly sessions: SessionStore;
  readonly resolver: KeyResolver;
  readonly open: boolean;
  readonly workspaceExists: (id: string) => Promise<boolean>;
  readonly now: () => number;
}

const refuse = (status: number, code: string, message: string, hint: string): BrowserCredential => ({
  ok: false,
  status,
  code,
  message,
  hint,
});

/** The workspace a request names (header, or `?workspace=` for EventSource, which sends no headers). */
export function requestedWorkspace(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[WORKSPACE_HEADER];
  const named = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('workspace');
  return named === undefined || named === null || named === '' ? null : named;
}

/** Refuses a state-changing request that another site could have made; null when it is fine. */
export function crossSiteProblem(req: IncomingMessage): BrowserCredential | null {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return null;
  if (req.headers[CSRF_HEADER] === undefined) {
    return refuse(
      403,
      'csrf-header-missing',
      `A signed-in browser request that changes something must carry the ${CSRF_HEADER} header.`,
      `Send "${CSRF_HEADER}: 1" (the dashboard does), or use "Authorization: Bearer <admin key>".`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== req.headers.host) {
      return refuse(
        403,
        'cross-origin',
        `Requests from ${origin} are not accepted.`,
        'Use the dashboard itself.',
      );
    }
  }
  return null;
}

export function browserAccess(options: BrowserAccessOptions): BrowserAccess {
  return {
    async resolve(req, url) {
      const named = requestedWorkspace(req, url);
      const token = cookieOf(req, SESSION_COOKIE);
      const session = token === null ? null : options.sessions.find(token);
      if (session !== null) {
        const key = await options.resolver.resolveHash(session.keyHash);
        if (key !== null && key.kind === 'admin') {
          const problem = crossSiteProblem(req);
          if (problem !== null) return problem;
          if (named !== null && named !== key.workspaceId) {
            return refuse(
              403,
              'wrong-workspace',
              `You are signed in to workspace "${key.workspaceId}", not "${named}".`,
              'Sign in with an admin key of that workspace.',
            );
          }
          return { ok: true, key };
        }
        if (token !== null) options.sessions.delete(token);
      }
      if (!options.open) return null;
      if (!isLoopbackHost(hostOfHeader(req.headers.host ?? ''))) {
        return refuse(
          403,
          'open-mode-host',
          'Open mode only answers requests addressed to a loopback name (localhost, 127.0.0.1, [::1]).',
          'Open the dashboard at http://127.0.0.1:<port>/, or sign in with an admin key.',
        );
      }
      const problem = crossSiteProblem(req);
      if (problem !== null) return problem;
      const workspaceId = named ?? 'default';
      if (!(await options.workspaceExists(workspaceId))) {
        return refuse(404, 'unknown-workspace', `No workspace "${workspaceId}".`, 'See GET /api/session.');
      }
      return { ok: true, key: openModeKey(workspaceId, options.now()) };
    },
  };
}

/** What a request acts as in `--open` mode: an admin of the workspace it names. */
export function openModeKey(workspaceId: string, now: number): KeyRecord {
  return {
    id: OPEN_MODE_KEY_ID,
    workspaceId,
    kind: 'admin',
    prefix: 'open mode',
    label: '--open mode (no sign-in)',
    createdAt: new Date(now).toISOString(),
    revokedAt: null,
  };
}
