/** A tiny method + path router: `/api/entities/:type/:id` style patterns, first match wins. */
import type { IncomingMessage } from 'node:http';
import type { Reply } from './reply.ts';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  readonly path: string;
  readonly handle: (ctx: RequestContext) => Promise<Reply>;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/:(\w+)/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
      return { ...route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  /** The matching route and its decoded params; `allowed` lists methods when only the path matched. */
  match(
    method: string,
    pathname: string,
  ): { route: Route; params: Record<string, string> } | { route: null; allowed: string[] } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (m === null) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return { route: null, allowed };
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
