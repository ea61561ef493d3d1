/** `kindling explain <user|account> <id>`: the receipt a salesperson reads: why this score, what is missing. */
import { type Command, Option } from 'commander';
import { explainStored } from '../../app/score-service.ts';
import { loadConfig } from '../../config/config.ts';
import { renderReceipt } from '../../score/explain/index.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { parseAsOf, requireDefinition } from '../definition-input.ts';
import { DATABASE_URL_OPTION, requireLocalStore } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

interface ExplainFlags {
  definition: string;
  asOf?: string;
  format: 'text' | 'json';
  dataDir?: string;
  databaseUrl?: string;
  workspace: string;
}

export function register(program: Command): void {
  program
    .command('explain')
    .description("Explain one entity's score: gates, signals with evidence, points, multiplier, tier")
    .argument('<type>', 'user | account')
    .argument('<id>', 'the user or account id')
    .option('--definition <file>', 'the definition file', 'kindling.yml')
    .option('--as-of <time>', 'ISO-8601 time to explain as of (default: now)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .action(
      runAction(async (type: string, id: string, flags: ExplainFlags) => {
        if (type !== 'user' && type !== 'account')
          throw new UserError(`The type must be user or account, not "${type}".`);
        const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
        const ir = await requireDefinition(flags.definition);
        const asOf = parseAsOf(flags.asOf);
        const store = await requireLocalStore(
          config,
          'explain',
          'read GET /api/entities/:type/:id/explain with an admin key',
        );
        try {
          const explained = await explainStored(store, ir, {
            workspaceId: flags.workspace,
            asOf,
            options: { domainAccounts: config.domainAccounts },
            entityType: type,
            entityId: id,
          });
          if (!explained.ok) throw new UserError(explained.error.message);
          if (explained.value === null)
            throw new UserError(`No ${type} "${id}" as of ${new Date(asOf).toISOString()}.`);
          const receipt = explained.value;
          process.stdout.write(
            flags.format === 'json'
              ? `${JSON.stringify(receipt, null, 2)}\n`
              : `${renderReceipt(receipt, asOf)}\n`,
          );
        } finally {
          await store.close();
        }
      }),
    );
}
