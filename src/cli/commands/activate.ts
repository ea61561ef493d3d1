/**
 * `kindling activate FILE|VERSION [--shadow]`: saves a definition file as an immutable version
 * (refused with every problem, as `kindling validate` prints them, when it has errors) and makes
 * it the workspace's live definition, or the shadow one scored beside it without alerts.
 * `kindling activate --shadow --off` ends the shadow.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadDefinition } from '../../definition/load-definition.ts';
import { activate, findVersion, type Role, saveVersion, versionChanges } from '../../versions/index.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, storeLocation } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';
import { renderValidation } from './validate.ts';
import { versionAccess } from './version-access.ts';

interface ActivateFlags {
  shadow?: boolean;
  off?: boolean;
  note?: string;
  workspace: string;
  dataDir?: string;
  databaseUrl?: string;
}

const replySchema = z.object({
  live: z.string().nullable(),
  shadow: z.string().nullable(),
  warnings: z.array(z.string()).default([]),
});

export function register(program: Command): void {
  program
    .command('activate')
    .description(
      'Save a definition file as a version and make it live (or the shadow); or activate a saved version',
    )
    .argument('[target]', 'a definition file, or a saved version (hash or prefix)')
    .option('--shadow', 'run it as the shadow definition: scored and recorded, never alerted')
    .option('--off', 'with --shadow and no target: stop the shadow')
    .option('--note <text>', 'why, kept in the activation log')
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .action(
      runAction(async (target: string | undefined, flags: ActivateFlags) => {
        const role: Role = flags.shadow === true ? 'shadow' : 'live';
        if (flags.off === true && (role !== 'shadow' || target !== undefined)) {
          throw new UserError(
            '--off stops the shadow: use `kindling activate --shadow --off` with no target.',
          );
        }
        if (flags.off !== true && target === undefined) {
          throw new UserError('Give a definition file or a saved version (see `kindling versions`).');
        }
        const file = target !== undefined && existsSync(target) ? target : null;
        const source = file === null ? null : readFileSync(file, 'utf8');
        if (file !== null && source !== null) {
          // The same problems output as `kindling validate`; nothing is saved when there is an error.
          const loaded = loadDefinition(source, file);
          if (loaded.ir === null) {
            process.stderr.write(renderValidation(loaded, 'text'));
            throw new UserError(`${file} was not activated: fix the errors above.`);
          }
        }
        const note = flags.note ?? null;
        const access = await versionAccess(storeLocation(flags), 'activate');
        if (access.kind === 'server') {
          const body =
            source !== null
              ? { source, file, role, note }
              : flags.off === true
                ? { role, off: true, note }
                : { version: target, role, note };
          const reply = replySchema.parse(await access.call('POST', '/api/versions/activate', body));
          for (const warning of reply.warnings) process.stderr.write(`${warning}\n`);
          process.stdout.write(describe(reply.live, reply.shadow));
          return;
        }
        try {
          const db = access.store.database.client;
          let version: string | null = null;
          if (source !== null && file !== null) {
            const loaded = loadDefinition(source, file);
            if (loaded.ir === null) throw new Error('bug: validated above');
            version = (await saveVersion(db, source, loaded.ir)).version;
          } else if (target !== undefined) {
            const found = await findVersion(db, flags.workspace, target);
            if (!found.ok) throw new UserError(`${found.error.message} ${found.error.hint}`);
            version = found.value.version;
          }
          const activated = await activate(db, flags.workspace, role, version, note);
          if (!activated.ok) throw new UserError(`${activated.error.message} ${activated.error.hint}`);
          versionChanges.emit({ workspaceId: flags.workspace, role, version });
          process.stdout.write(
            describe(activated.value.live?.version ?? null, activated.value.shadow?.version ?? null),
          );
        } finally {
          await access.store.close();
        }
      }),
    );
}

function describe(live: string | null, shadow: string | null): string {
  return `live: ${live ?? 'none'}; shadow: ${shadow ?? 'none'}\n`;
}
