/** `kindling sql --dialect …`: the compiled, readable SQL of a definition, to run in one's own warehouse. */
import { type Command, Option } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { compileScoreQuery } from '../../sql/compile-score-query.ts';
import { DIALECT_ENTRIES, DIALECT_NAMES, DIALECTS, type DialectName } from '../../sql/dialects/registry.ts';
import { DEFAULT_WORKSPACE } from '../../workspace/bootstrap.ts';
import { parseAsOf, requireDefinition } from '../definition-input.ts';
import { runAction, UserError } from '../run-action.ts';

export function register(program: Command): void {
  program
    .command('sql')
    .description('Print the SQL a definition compiles to, for DuckDB, Postgres or ClickHouse')
    .addOption(
      new Option('--dialect <dialect>', `SQL dialect: ${DIALECT_ENTRIES.map((d) => d.title).join(', ')}`)
        .choices(DIALECT_NAMES)
        .default('duckdb'),
    )
    .option('--definition <file>', 'the definition file', 'kindling.yml')
    .option('--as-of <time>', 'ISO-8601 time to score as of (default: now)')
    .option('--workspace <id>', 'workspace id the query filters on', DEFAULT_WORKSPACE)
    .action(
      runAction(
        async (flags: { dialect: DialectName; definition: string; asOf?: string; workspace: string }) => {
          const ir = await requireDefinition(flags.definition);
          const compiled = compileScoreQuery(ir, {
            dialect: DIALECTS[flags.dialect].dialect(),
            asOf: parseAsOf(flags.asOf),
            workspaceId: flags.workspace,
            options: { domainAccounts: loadConfig({}).domainAccounts },
          });
          if (!compiled.ok) throw new UserError(`${compiled.error.code}: ${compiled.error.message}`);
          process.stdout.write(`${compiled.value.sql}\n`);
        },
      ),
    );
}
