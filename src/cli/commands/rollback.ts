/** `kindling rollback`: make the previously live definition version live again. */
import type { Command } from 'commander';
import { z } from 'zod';
import { rollback, versionChanges } from '../../versions/index.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, storeLocation } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';
import { versionAccess } from './version-access.ts';

export function register(program: Command): void {
  program
    .command('rollback')
    .description('Re-activate the definition version that was live before the current one')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .action(
      runAction(async (flags: { workspace: string; dataDir?: string; databaseUrl?: string }) => {
        const access = await versionAccess(storeLocation(flags), 'rollback');
        if (access.kind === 'server') {
          const reply = z
            .object({ from: z.string(), to: z.string() })
            .parse(await access.call('POST', '/api/versions/rollback'));
          process.stdout.write(`Rolled back from ${reply.from} to ${reply.to}.\n`);
          return;
        }
        try {
          const rolled = await rollback(access.store.database.client, flags.workspace);
          if (!rolled.ok) throw new UserError(`${rolled.error.message} ${rolled.error.hint}`);
          versionChanges.emit({
            workspaceId: flags.workspace,
            role: 'live',
            version: rolled.value.to.version,
          });
          process.stdout.write(
            `Rolled back from ${rolled.value.from} to ${rolled.value.to.version} (${rolled.value.to.name}).\n`,
          );
        } finally {
          await access.store.close();
        }
      }),
    );
}
