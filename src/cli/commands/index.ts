/**
 * Every CLI command, in the order `kindling --help` lists them. Each file exports `register`.
 *
 * A command's module is imported only when that command runs: most of them pull in DuckDB, the SQL
 * drivers or the CRM clients, and `kindling --help` or `kindling init` should not pay for those. The
 * top-level help is drawn from the summaries here; `command-table.test.ts` checks each one against the
 * description its module registers, so the two cannot drift.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ readonly register: Register }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: 'Write a commented starter kindling.yml and .env.example',
    load: () => import('./init.ts'),
  },
  {
    name: 'validate',
    summary: 'Check a PQL definition file and report every problem with its position',
    load: () => import('./validate.ts'),
  },
  {
    name: 'serve',
    summary: 'Start the Kindling server: Segment-compatible collector and admin API',
    load: () => import('./serve.ts'),
  },
  {
    name: 'import',
    summary: 'Import events (NDJSON, .gz ok), traits or outcomes (CSV) into the store',
    load: () => import('./import.ts'),
  },
  {
    name: 'score',
    summary: 'Score every entity with a definition as of a time, from the stored events',
    load: () => import('./score.ts'),
  },
  {
    name: 'explain',
    summary: "Explain one entity's score: gates, signals with evidence, points, multiplier, tier",
    load: () => import('./explain.ts'),
  },
  {
    name: 'sql',
    summary: 'Print the SQL a definition compiles to, for DuckDB, Postgres or ClickHouse',
    load: () => import('./sql.ts'),
  },
  {
    name: 'calibrate',
    summary: 'Propose a point model from won/lost outcomes, validated on a later holdout (never applied)',
    load: () => import('./calibrate.ts'),
  },
  {
    name: 'backtest',
    summary:
      'Replay a definition day by day over stored history and measure its qualifications against won outcomes',
    load: () => import('./backtest.ts'),
  },
  {
    name: 'report',
    summary: 'The funnel: PQLs per week and tier, SLA, conversion by tier, score band, signal and version',
    load: () => import('./report.ts'),
  },
  {
    name: 'versions',
    summary: 'List saved definition versions, marking the live and the shadow one',
    load: () => import('./versions.ts'),
  },
  {
    name: 'activate',
    summary:
      'Save a definition file as a version and make it live (or the shadow); or activate a saved version',
    load: () => import('./activate.ts'),
  },
  {
    name: 'rollback',
    summary: 'Re-activate the definition version that was live before the current one',
    load: () => import('./rollback.ts'),
  },
  {
    name: 'keys',
    summary: 'List, create and revoke API keys (stored hashed)',
    load: () => import('./keys.ts'),
  },
  {
    name: 'deliveries',
    summary: 'List alert deliveries (newest first); replay dead letters; destination health',
    load: () => import('./deliveries.ts'),
  },
  {
    name: 'suppress',
    summary: 'The do-not-contact list (e-mails and domains) that routing never alerts',
    load: () => import('./suppress.ts'),
  },
  {
    name: 'crm',
    summary: 'Sync with HubSpot / Salesforce: push PQL state onto records, pull deals back as outcomes',
    load: () => import('./crm.ts'),
  },
  {
    name: 'demo-data',
    summary: 'Write a deterministic demo data set: events.ndjson, accounts.csv, outcomes.csv',
    load: () => import('./demo-data.ts'),
  },
];

/**
 * Registers the command named in `args` (the words after `kindling`) with its module, and every other
 * command as a name and summary only, enough for the top-level help and commander's suggestions.
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const named = commandNamedIn(args);
  for (const entry of COMMANDS) {
    if (entry.name === named) (await entry.load()).register(program);
    else program.command(entry.name).description(entry.summary);
  }
}

/** The first word that is not an option; `help X` names X. */
function commandNamedIn(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}
