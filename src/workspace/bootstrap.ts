/**
 * First start: the default workspace and its keys. A key fixed by the environment is registered
 * (hashed) if new; otherwise a key is generated only when the workspace has none of that kind.
 * Returns the keys created now, which are shown once and never again.
 */
import { hashKey, type KeyKind, type KeyStore } from './keys.ts';

export const DEFAULT_WORKSPACE = 'default';

export async function bootstrapWorkspace(
  keys: KeyStore,
  fixed: { readonly write?: string | undefined; readonly admin?: string | undefined },
): Promise<Partial<Record<KeyKind, string>>> {
  await keys.ensureWorkspace(DEFAULT_WORKSPACE, 'Default workspace');
  const created: Partial<Record<KeyKind, string>> = {};
  for (const kind of ['write', 'admin'] as const) {
    const given = fixed[kind];
    if (given !== undefined) {
      if ((await keys.findByHash(hashKey(given))) === null) {
        await keys.createKey({ workspaceId: DEFAULT_WORKSPACE, kind, label: 'from environment', key: given });
      }
      continue;
    }
    if ((await keys.countLiveKeys(DEFAULT_WORKSPACE, kind)) === 0) {
      const { key } = await keys.createKey({
        workspaceId: DEFAULT_WORKSPACE,
        kind,
        label: 'first start',
        key: null,
      });
      created[kind] = key;
    }
  }
  return created;
}
