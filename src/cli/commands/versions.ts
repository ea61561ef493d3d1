/** `kindling versions`: every saved definition version, with the live and shadow markers of a workspace. */
import type { Command } from 'commander';
import { z } from 'zod';
import { textTable } from '../../report/html-page.ts';
import { currentVersions, listVersions } from '../../versions/index.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, storeLocation } from '../open-store.ts';
import { runAction } from '../run-action.ts';
import { versionAccess } from './version-access.ts';

interface Listed {
  readonly version: string;
  readonly name: string;
  readonly entity: string;
  readonly created_at: string;
  readonly live: boolean;
  readonly shadow: boolean;
}

const listedSchema = z.object({
  versions: z.array(
    z.object({
      version: z.string(),
      name: z.string(),
      entity: z.string(),
      created_at: z.string(),
      live: z.boolean(),
      shadow: z.boolean(),
    }),
  ),
});

export function renderVersions(versions: readonly Listed[], format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify({ versions }, null, 2)}\n`;
  if (versions.length === 0)
    return 'No saved versions. Save and activate one with `kindling activate FILE`.\n';
  const rows = versions.map((v) => [
    v.version,
    v.name,
    v.entity,
    v.created_at.replace('T', ' ').slice(0, 19),
    [v.live ? 'live' : '', v.shadow ? 'shadow' : ''].filter(Boolean).join(', '),
  ]);
  return `${textTable(['version', 'name', 'entity', 'created (UTC)', 'active'], rows)}\n`;
}

export function register(program: Command): void {
  program
    .command('versions')
    .description('List saved definition versions, marking the live and the shadow one')
    .option('--format <format>', 'table or json', 'table')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .action(
      runAction(
        async (flags: { format: string; workspace: string; dataDir?: string; databaseUrl?: string }) => {
          const format = flags.format === 'json' ? 'json' : 'table';
          const access = await versionAccess(storeLocation(flags), 'versions');
          if (access.kind === 'server') {
            const reply = await access.call('GET', '/api/versions');
            process.stdout.write(renderVersions(listedSchema.parse(reply).versions, format));
            return;
          }
          try {
            const db = access.store.database.client;
            const current = await currentVersions(db, flags.workspace);
            const versions = (await listVersions(db, flags.workspace)).map((v) => ({
              version: v.version,
              name: v.name,
              entity: v.entityType,
              created_at: new Date(v.createdAt).toISOString(),
              live: current.live?.version === v.version,
              shadow: current.shadow?.version === v.version,
            }));
            process.stdout.write(renderVersions(versions, format));
          } finally {
            await access.store.close();
          }
        },
      ),
    );
}
