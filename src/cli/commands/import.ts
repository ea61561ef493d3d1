/** `kindling import`: events from NDJSON, traits or outcomes from CSV, with a progress bar and a summary. */
import { existsSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { importEvents } from '../../import/import-events.ts';
import { importOutcomes } from '../../import/import-outcomes.ts';
import type { BadLine, ImportListener, ImportSummary } from '../../import/import-report.ts';
import { importTraits } from '../../import/import-traits.ts';
import { importEventsViaServer } from '../../import/import-via-server.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, openStoreOrServer, serverHolds } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

const SHOWN_BAD_LINES = 20;

interface ImportFlags {
  dataDir?: string;
  databaseUrl?: string;
  workspace: string;
  traits?: string;
  outcomes?: string;
  entity: string;
  key: string;
  timestampColumn?: string;
  quiet?: boolean;
}

function progressListener(quiet: boolean): { listener: ImportListener; stop(): BadLine[] } {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
    hideCursor: true,
    noTTYOutput: false,
    stream: process.stderr,
  });
  const started = performance.now();
  const bad: BadLine[] = [];
  let running = false;
  return {
    listener: {
      progress(bytesRead, totalBytes, rows) {
        if (quiet) return;
        if (!running) {
          bar.start(Math.max(totalBytes, 1), 0, { rows: 0, rate: 0 });
          running = true;
        }
        const rate = Math.round(rows / Math.max((performance.now() - started) / 1000, 0.001));
        bar.update(bytesRead, { rows, rate });
      },
      bad(line) {
        bad.push(line);
      },
    },
    stop() {
      if (running) bar.stop();
      return bad;
    },
  };
}

function printSummary(what: string, summary: ImportSummary, bad: readonly BadLine[]): void {
  for (const b of bad.slice(0, SHOWN_BAD_LINES))
    process.stderr.write(`  line ${b.line}: ${b.code}: ${b.detail}\n`);
  if (bad.length > SHOWN_BAD_LINES)
    process.stderr.write(`  … and ${bad.length - SHOWN_BAD_LINES} more bad lines\n`);
  const rate = Math.round(summary.read / Math.max(summary.seconds, 0.001));
  process.stdout.write(
    `Imported ${what}: ${summary.read} read, ${summary.stored} stored, ${summary.duplicates} duplicates, ` +
      `${summary.rejected} rejected in ${summary.seconds.toFixed(1)} s (${rate}/s)\n`,
  );
  if (summary.contentIds !== undefined && summary.contentIds > 0) {
    process.stdout.write(
      `  ${summary.contentIds} lines had no messageId and were given one from their content: re-running this import within 7 days (the dedupe window) stores them once\n`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description('Import events (NDJSON, .gz ok), traits or outcomes (CSV) into the store')
    .argument('[events]', 'NDJSON file of Segment messages, one per line')
    .option('--traits <csv>', 'CSV of traits: one row per entity, columns become traits')
    .option('--outcomes <csv>', 'CSV of outcomes: entity_type, entity_id, type, amount, owner, timestamp')
    .option('--entity <type>', 'entity type of a traits file: user | account', 'account')
    .option('--key <column>', 'column naming the entity in a traits file', 'id')
    .option('--timestamp-column <column>', 'column with the time the traits were true (default: since ever)')
    .option('--workspace <id>', 'workspace to import into', DEFAULT_WORKSPACE)
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option('--quiet', 'no progress bar')
    .action(
      runAction(async (events: string | undefined, flags: ImportFlags) => {
        const chosen = [events, flags.traits, flags.outcomes].filter((f) => f !== undefined);
        if (chosen.length !== 1)
          throw new UserError('Give exactly one of: an events file, --traits FILE, --outcomes FILE.');
        const file = chosen[0] ?? '';
        if (!existsSync(file)) throw new UserError(`No such file: ${file}`);
        if (flags.entity !== 'user' && flags.entity !== 'account')
          throw new UserError('--entity must be user or account.');
        const entityType = flags.entity;
        const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
        const access = await openStoreOrServer(config);
        const progress = progressListener(flags.quiet === true || !process.stderr.isTTY);
        let summary: ImportSummary;
        if (access.kind === 'server') {
          const key = process.env.KINDLING_WRITE_KEY || process.env.KINDLING_ADMIN_KEY;
          if (events === undefined || !key) {
            throw serverHolds(
              access.server,
              config,
              'import',
              events === undefined ? undefined : 'set KINDLING_WRITE_KEY to import events through it',
            );
          }
          summary = await importEventsViaServer({
            url: access.server.url,
            key,
            file,
            listener: progress.listener,
          });
        } else {
          const { store } = access;
          const base = { store, workspaceId: flags.workspace, file, listener: progress.listener };
          try {
            summary =
              flags.traits !== undefined
                ? await importTraits({
                    ...base,
                    entityType,
                    keyColumn: flags.key,
                    timestampColumn: flags.timestampColumn ?? null,
                  })
                : flags.outcomes !== undefined
                  ? await importOutcomes(base)
                  : await importEvents(base);
          } finally {
            await store.close();
          }
        }
        printSummary(
          flags.traits ? 'traits' : flags.outcomes ? 'outcomes' : 'events',
          summary,
          progress.stop(),
        );
      }),
    );
}
