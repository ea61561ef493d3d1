/**
 * Dashboard sign-in sessions. Signing in with an admin key gives the browser a random session token
 * in an HTTP-only, SameSite=Strict cookie; the key itself never reaches the cookie. The server keeps
 * only a SHA-256 of each token, in memory (a restart signs everyone out), with the hash of the key
 * it stands for, so a revoked key ends its sessions at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'kindling_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Session {
  readonly keyHash: string;
  readonly workspaceId: string;
  readonly expiresAt: number;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new session for the key with this hash; returns the token for the cookie. */
  create(keyHash: string, workspaceId: string): string {
    this.prune();
    const token = randomBytes(32).toString('base64url');
    this.#sessions.set(digest(token), { keyHash, workspaceId, expiresAt: this.now() + SESSION_TTL_MS });
    return token;
  }

  find(token: string): Session | null {
    const id = digest(token);
    const session = this.#sessions.get(id);
    if (session === undefined) return null;
    if (session.expiresAt <= this.now()) {
      this.#sessions.delete(id);
      return null;
    }
    return session;
  }

  delete(token: string): void {
    this.#sessions.delete(digest(token));
  }

  get size(): number {
    return this.#sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
  }
}

/** One cookie's value from the request, or null. */
export function cookieOf(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}

/** The Set-Cookie value for a new session; `secure` when the dashboard is served over https. */
export function sessionCookie(token: string, secure: boolean): string {
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${SESSION_TTL_MS / 1000}`,
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
