/**
 * How the version commands reach the versions: the store (the data directory, or PostgreSQL, where
 * running servers' engines find the change at their next sweep), or, when a server holds the data
 * directory, its admin API with KINDLING_ADMIN_KEY (so the running engine hears about it at once).
 */
import type { EventStore } from '../../store/store.ts';
import { callVersionsApi } from '../../versions/index.ts';
import { openStoreOrServer, type StoreLocation, serverHolds } from '../open-store.ts';
import { UserError } from '../run-action.ts';

export type VersionAccess =
  | { readonly kind: 'local'; readonly store: EventStore }
  | { readonly kind: 'server'; call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> };

export async function versionAccess(location: StoreLocation, command: string): Promise<VersionAccess> {
  const access = await openStoreOrServer(location);
  if (access.kind === 'local') return access;
  const key = process.env.KINDLING_ADMIN_KEY;
  if (!key)
    throw serverHolds(access.server, location, command, 'set KINDLING_ADMIN_KEY to go through its admin API');
  const server = { url: access.server.url, key };
  return {
    kind: 'server',
    async call(method, path, body) {
      const reply = await callVersionsApi(server, method, path, body);
      if (reply.ok) return reply.value;
      const f = reply.error;
      throw new UserError(
        [`${f.code}: ${f.message}`, ...(f.problems ?? []), ...(f.hint === undefined ? [] : [f.hint])].join(
          '\n',
        ),
      );
    },
  };
}
