/** `kindling keys list|create|revoke`: manage API keys, directly or through a running server. */
import type { Command } from 'commander';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { KEY_KINDS, type KeyKind, type KeyRecord } from '../../workspace/keys.ts';
import {
  DATABASE_URL_OPTION,
  openStoreOrServer,
  type StoreLocation,
  serverHolds,
  storeLocation,
} from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

/** Where the keys are (`--data-dir`, `--database-url`), and the workspace. */
type Flags = { dataDir?: string; databaseUrl?: string; workspace: string };

interface KeyOps {
  list(): Promise<KeyRecord[]>;
  create(kind: KeyKind, label: string | null): Promise<{ key: string; record: KeyRecord }>;
  revoke(id: string): Promise<KeyRecord | null>;
  close(): Promise<void>;
}

async function keyOps(location: StoreLocation, workspace: string): Promise<KeyOps> {
  const access = await openStoreOrServer(location);
  if (access.kind === 'local') {
    const { store } = access;
    await store.keys.ensureWorkspace(
      workspace,
      workspace === DEFAULT_WORKSPACE ? 'Default workspace' : workspace,
    );
    return {
      list: () => store.keys.listKeys(workspace),
      create: (kind, label) => store.keys.createKey({ workspaceId: workspace, kind, label, key: null }),
      revoke: async (id) =>
        (await store.keys.listKeys(workspace)).some((k) => k.id === id) ? store.keys.revokeKey(id) : null,
      close: () => store.close(),
    };
  }
  const adminKey = process.env.KINDLING_ADMIN_KEY;
  if (adminKey === undefined || adminKey === '')
    throw serverHolds(access.server, location, 'keys', 'set KINDLING_ADMIN_KEY to go through its admin API');
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(access.server.url + path, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const payload = (await res.json()) as { error?: { message: string } };
    if (res.status === 404) return null;
    if (!res.ok) throw new UserError(`The server refused: ${payload.error?.message ?? res.status}`);
    return payload;
  };
  return {
    list: async () => ((await call('GET', '/api/keys')) as { keys: KeyRecord[] }).keys,
    create: async (kind, label) =>
      (await call('POST', '/api/keys', { kind, label })) as { key: string; record: KeyRecord },
    revoke: async (id) =>
      ((await call('DELETE', `/api/keys/${encodeURIComponent(id)}`)) as { record: KeyRecord } | null)
        ?.record ?? null,
    close: async () => undefined,
  };
}

function printKey(k: KeyRecord): void {
  const state = k.revokedAt === null ? 'live' : `revoked ${k.revokedAt}`;
  process.stdout.write(
    `${k.id}  ${k.kind.padEnd(5)}  ${k.prefix}  ${k.label ?? ''}  created ${k.createdAt}  ${state}\n`,
  );
}

export function register(program: Command): void {
  const keys = program.command('keys').description('List, create and revoke API keys (stored hashed)');
  const common = (cmd: Command) =>
    cmd
      .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
      .option(...DATABASE_URL_OPTION)
      .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE);
  const withOps = async (flags: Flags, use: (ops: KeyOps) => Promise<void>) => {
    const ops = await keyOps(storeLocation(flags), flags.workspace);
    try {
      await use(ops);
    } finally {
      await ops.close();
    }
  };

  common(keys.command('list').description('List keys (ids, kinds, prefixes; never the keys)')).action(
    runAction((flags: Flags) => withOps(flags, async (ops) => (await ops.list()).forEach(printKey))),
  );
  common(
    keys.command('create').description('Create a key and print it once').argument('<kind>', 'write | admin'),
  )
    .option('--label <text>', 'a note to tell keys apart')
    .action(
      runAction((kind: string, flags: Flags & { label?: string }) => {
        const k = KEY_KINDS.find((candidate) => candidate === kind);
        if (k === undefined) throw new UserError(`Unknown key kind "${kind}": use write or admin.`);
        return withOps(flags, async (ops) => {
          const created = await ops.create(k, flags.label ?? null);
          process.stdout.write(`${created.key}\n`);
          process.stderr.write(
            `Created ${k} key ${created.record.id}. Store it now: it is not shown again.\n`,
          );
        });
      }),
    );
  common(
    keys.command('revoke').description('Revoke a key by id').argument('<id>', 'key id from `keys list`'),
  ).action(
    runAction((id: string, flags: Flags) =>
      withOps(flags, async (ops) => {
        const revoked = await ops.revoke(id);
        if (revoked === null) throw new UserError(`No key "${id}" in workspace ${flags.workspace}.`);
        printKey(revoked);
      }),
    ),
  );
}
