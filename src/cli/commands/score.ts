/** `kindling score`: every entity's score, tier, gates and signals as of a time, from the stored events. */
import { type Command, Option } from 'commander';
import { scoreStored } from '../../app/score-service.ts';
import { loadConfig } from '../../config/config.ts';
import { definitionVersion } from '../../definition/output/version.ts';
import type { EntityScore } from '../../score/entity-score.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { parseAsOf, requireDefinition } from '../definition-input.ts';
import { DATABASE_URL_OPTION, MEMORY_LIMIT_OPTION, requireLocalStore } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';
import { formatScores, type ScoreFormat } from './score-format.ts';

interface ScoreFlags {
  definition: string;
  asOf?: string;
  tier?: string;
  format: ScoreFormat;
  limit?: string;
  dataDir?: string;
  databaseUrl?: string;
  memoryLimit?: string;
  workspace: string;
}

export function register(program: Command): void {
  program
    .command('score')
    .description('Score every entity with a definition as of a time, from the stored events')
    .option('--definition <file>', 'the definition file', 'kindling.yml')
    .option('--as-of <time>', 'ISO-8601 time to score as of (default: now)')
    .option('--tier <name>', 'only entities in this tier')
    .option('--limit <n>', 'at most this many rows (highest scores first)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option('--workspace <id>', 'workspace', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option(...MEMORY_LIMIT_OPTION)
    .action(
      runAction(async (flags: ScoreFlags) => {
        const config = loadConfig({
          dataDir: flags.dataDir,
          databaseUrl: flags.databaseUrl,
          memoryLimit: flags.memoryLimit,
        });
        const ir = await requireDefinition(flags.definition);
        const asOf = parseAsOf(flags.asOf);
        if (flags.tier !== undefined && !ir.tiers.some((t) => t.name === flags.tier)) {
          throw new UserError(
            `No tier "${flags.tier}" in ${ir.name}; its tiers are ${ir.tiers.map((t) => t.name).join(', ')}.`,
          );
        }
        const limit = flags.limit === undefined ? Number.POSITIVE_INFINITY : Number(flags.limit);
        if (!(limit > 0)) throw new UserError('--limit expects a positive number.');
        const store = await requireLocalStore(config, 'score', 'read GET /api/scores with an admin key');
        try {
          const scored = await scoreStored(store, ir, {
            workspaceId: flags.workspace,
            asOf,
            options: { domainAccounts: config.domainAccounts },
          });
          if (!scored.ok) throw new UserError(`${scored.error.code}: ${scored.error.message}`);
          const rows = rank(scored.value, flags.tier).slice(0, limit);
          process.stdout.write(
            formatScores(rows, { format: flags.format, version: definitionVersion(ir), ir }),
          );
        } finally {
          await store.close();
        }
      }),
    );
}

function rank(scores: readonly EntityScore[], tier: string | undefined): EntityScore[] {
  return scores
    .filter((s) => tier === undefined || s.tier === tier)
    .sort(
      (a, b) =>
        b.score - a.score ||
        Number(b.handRaiser) - Number(a.handRaiser) ||
        (a.entityId < b.entityId ? -1 : 1),
    );
}
