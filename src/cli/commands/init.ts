/** `kindling init`: write a commented starter `kindling.yml` and `.env.example` into a folder (created if needed). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_SOURCES } from '../../config/config.ts';
import { runAction, UserError } from '../run-action.ts';
import { STARTER_DEFINITION } from './starter-definition.ts';

/** Derived from the configuration schema's sources, so it cannot drift from what `serve` reads. */
export function envExample(): string {
  const lines = [
    '# Kindling configuration. Copy to .env (read from the working directory) or pass --env-file FILE.',
    '# Flags win over these, and variables already set in the environment win over the file.',
    '# Unset values use the defaults.',
    '',
  ];
  for (const source of Object.values(CONFIG_SOURCES)) {
    lines.push(
      `# ${source.help}${source.flag === null ? '' : ` (flag ${source.flag})`}`,
      `# ${source.env}=`,
      '',
    );
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('init')
    .description('Write a commented starter kindling.yml and .env.example')
    .argument('[dir]', 'folder to write into (created when missing)', '.')
    .option('--force', 'overwrite existing files')
    .action(
      runAction(async (dir: string, flags: { force?: boolean }) => {
        const files = { 'kindling.yml': STARTER_DEFINITION, '.env.example': envExample() };
        const existing = Object.keys(files).filter((name) => existsSync(join(dir, name)));
        if (existing.length > 0 && flags.force !== true) {
          throw new UserError(
            `${existing.join(' and ')} already exist in ${resolve(dir)}; use --force to overwrite.`,
          );
        }
        mkdirSync(dir, { recursive: true });
        for (const [name, text] of Object.entries(files)) {
          writeFileSync(join(dir, name), text);
          process.stdout.write(`wrote ${join(dir, name)}\n`);
        }
        process.stdout.write('Next: edit kindling.yml, then `kindling validate kindling.yml`.\n');
      }),
    );
}
