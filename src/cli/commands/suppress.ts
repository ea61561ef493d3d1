/**
 * `kindling suppress add|list|remove|import`: the do-not-contact list (e-mails and domains) that
 * routing honours. On the data directory itself, or, when a server holds it, through that server's
 * admin API with KINDLING_ADMIN_KEY (then the key's workspace is used).
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { BadLine, ImportListener } from '../../import/import-report.ts';
import { importSuppressions } from '../../import/import-suppressions.ts';
import { HttpSuppressionStore } from '../../route/suppressions/http-suppression-store.ts';
import { SqlSuppressionStore } from '../../route/suppressions/sql-suppression-store.ts';
import {
  normalizeSuppression,
  type SuppressionKind,
  type SuppressionRecord,
} from '../../route/suppressions/suppression-entry.ts';
import type { SuppressionStore } from '../../route/suppressions/suppression-store.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { DATABASE_URL_OPTION, openStoreOrServer, serverHolds, storeLocation } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';

interface Flags {
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly workspace?: string;
}

const SHOWN_BAD_LINES = 20;

async function withSuppressions(
  flags: Flags,
  use: (store: SuppressionStore, workspaceId: string) => Promise<void>,
): Promise<void> {
  const location = storeLocation(flags);
  const workspaceId = flags.workspace ?? DEFAULT_WORKSPACE;
  const access = await openStoreOrServer(location);
  if (access.kind === 'server') {
    const key = process.env.KINDLING_ADMIN_KEY;
    if (!key)
      throw serverHolds(
        access.server,
        location,
        'suppress',
        'set KINDLING_ADMIN_KEY to go through its admin API',
      );
    await use(new HttpSuppressionStore(access.server.url, key), workspaceId);
    return;
  }
  try {
    await use(new SqlSuppressionStore(access.store.database.client), workspaceId);
  } finally {
    await access.store.close();
  }
}

/** Options declared on `suppress` reach its subcommands through the parent. */
function inherited(command: Command): Flags {
  const all: Record<string, unknown> = command.optsWithGlobals();
  return {
    ...(typeof all.dataDir === 'string' ? { dataDir: all.dataDir } : {}),
    ...(typeof all.databaseUrl === 'string' ? { databaseUrl: all.databaseUrl } : {}),
    ...(typeof all.workspace === 'string' ? { workspace: all.workspace } : {}),
  };
}

function kindOf(text: string | undefined): SuppressionKind | null {
  if (text === undefined) return null;
  if (text === 'email' || text === 'domain') return text;
  throw new UserError('--kind must be email or domain.');
}

export function formatSuppressions(records: readonly SuppressionRecord[]): string {
  const rows = [
    ['KIND', 'VALUE', 'REASON', 'SOURCE', 'ADDED'],
    ...records.map((r) => [r.kind, r.value, r.reason ?? '-', r.source, new Date(r.createdAt).toISOString()]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function register(program: Command): void {
  const suppress = program
    .command('suppress')
    .description('The do-not-contact list (e-mails and domains) that routing never alerts')
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option(
      '--workspace <id>',
      'workspace of the list (through a server: the admin key’s)',
      DEFAULT_WORKSPACE,
    );

  suppress
    .command('add')
    .description('Add e-mail addresses or domains (a domain covers its subdomains)')
    .argument('<values...>', 'jane@acme.com, acme.com, …')
    .option('--kind <kind>', 'email | domain (default: inferred, an @ means e-mail)')
    .option('--reason <text>', 'why, kept with the entry')
    .action(
      runAction(async (values: string[], options: { kind?: string; reason?: string }, command: Command) => {
        const kind = kindOf(options.kind);
        const entries = values.map((value) => {
          const entry = normalizeSuppression({ value, kind, reason: options.reason ?? null });
          if (!entry.ok) throw new UserError(entry.error);
          return entry.value;
        });
        await withSuppressions(inherited(command), async (store, workspaceId) => {
          const { added, updated } = await store.add(workspaceId, entries, 'cli');
          process.stdout.write(`Added ${added}, updated ${updated} already on the list.\n`);
        });
      }),
    );

  suppress
    .command('list')
    .description('Show the list')
    .option('--kind <kind>', 'only email or only domain entries')
    .option('--limit <n>', 'how many to show', '1000')
    .action(
      runAction(async (options: { kind?: string; limit: string }, command: Command) => {
        const kind = kindOf(options.kind);
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new UserError('--limit must be a positive whole number.');
        await withSuppressions(inherited(command), async (store, workspaceId) => {
          const list = await store.list(workspaceId, { ...(kind === null ? {} : { kind }), limit });
          if (list.length === 0) process.stderr.write('The do-not-contact list is empty.\n');
          else process.stdout.write(`${formatSuppressions(list)}\n`);
        });
      }),
    );

  suppress
    .command('remove')
    .description('Take an e-mail address or a domain off the list')
    .argument('<value>', 'jane@acme.com or acme.com')
    .option('--kind <kind>', 'email | domain (default: inferred)')
    .action(
      runAction(async (value: string, options: { kind?: string }, command: Command) => {
        const entry = normalizeSuppression({ value, kind: kindOf(options.kind) });
        if (!entry.ok) throw new UserError(entry.error);
        await withSuppressions(inherited(command), async (store, workspaceId) => {
          const removed = await store.remove(workspaceId, entry.value.kind, entry.value.value);
          if (removed === null)
            throw new UserError(`${entry.value.value} is not on the do-not-contact list.`);
          process.stdout.write(`Removed ${removed.kind} ${removed.value}.\n`);
        });
      }),
    );

  suppress
    .command('import')
    .description(
      'Add entries from CSV: columns value | email | domain, optional kind and reason (or one bare column)',
    )
    .argument('<file>', 'the CSV file')
    .action(
      runAction(async (file: string, _options: unknown, command: Command) => {
        if (!existsSync(file)) throw new UserError(`No such file: ${file}`);
        const bad: BadLine[] = [];
        const listener: ImportListener = { progress: () => undefined, bad: (line) => bad.push(line) };
        await withSuppressions(inherited(command), async (store, workspaceId) => {
          const summary = await importSuppressions({ store, workspaceId, file, listener });
          for (const b of bad.slice(0, SHOWN_BAD_LINES)) {
            process.stderr.write(`  line ${b.line}: ${b.code}: ${b.detail}\n`);
          }
          if (bad.length > SHOWN_BAD_LINES) {
            process.stderr.write(`  … and ${bad.length - SHOWN_BAD_LINES} more bad lines\n`);
          }
          process.stdout.write(
            `Imported suppressions: ${summary.read} rows read, ${summary.stored} added, ` +
              `${summary.duplicates} already listed, ${summary.rejected} rejected.\n`,
          );
        });
      }),
    );
}
