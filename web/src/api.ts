/**
 * The dashboard's only way to the server: the documented admin API (/api/openapi.json). Every
 * request carries the CSRF header the server requires of browser requests that change something,
 * and names the workspace being viewed (the server checks it against the session).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let currentWorkspace: string | null = null;
let documented: Set<string> | null = null;

export function setWorkspace(workspace: string | null): void {
  currentWorkspace = workspace;
}

export function workspace(): string | null {
  return currentWorkspace;
}

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly hint?: string };
}

export async function api<T>(
  path: string,
  init: { readonly method?: string; readonly body?: unknown; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-kindling-csrf': '1' };
  if (currentWorkspace !== null) headers['x-kindling-workspace'] = currentWorkspace;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });
  const text = await res.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const error = (body as ErrorBody | null)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? 'error',
      error?.message ?? res.statusText,
      error?.hint ?? null,
    );
  }
  return body as T;
}

/** Reads which operations the server documents, so pages only call what exists (no 404s). */
export async function loadApiIndex(): Promise<void> {
  const doc = await api<{ paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
  documented = new Set(
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
}

/** `has('GET', '/api/metrics/funnel')`: whether this server offers that operation. */
export function has(method: string, path: string): boolean {
  return documented?.has(`${method} ${path}`) ?? false;
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
