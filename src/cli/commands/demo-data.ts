/**
 * `kindling demo-data`: writes a deterministic, realistic demo data set (Segment events, account
 * traits, sales outcomes) for trying Kindling, tests and benchmarks. Same flags, same bytes.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { demoOptionsSchema } from '../../demo/demo-options.ts';
import { generateDemo } from '../../demo/generate-demo.ts';
import { writeDemo } from '../../demo/write-demo.ts';
import { runAction, UserError } from '../run-action.ts';

const wholeNumber = z
  .string()
  .regex(/^\d+$/, 'expected a whole number')
  .transform((text) => Number(text));

const endAt = z.union(
  [
    z.literal('now'),
    z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
    z.iso.date().transform((text) => Date.parse(`${text}T00:00:00Z`)),
  ],
  { error: 'expected an ISO-8601 date or date-time (2025-06-01T00:00:00Z) or "now"' },
);

const flagsSchema = z.object({
  users: wholeNumber.pipe(demoOptionsSchema.shape.users),
  accounts: wholeNumber.pipe(demoOptionsSchema.shape.accounts),
  days: wholeNumber.pipe(demoOptionsSchema.shape.days),
  seed: wholeNumber.pipe(demoOptionsSchema.shape.seed),
  end: endAt.optional(),
  out: z.string().min(1),
  gzip: z.boolean().optional(),
});

export function register(program: Command): void {
  program
    .command('demo-data')
    .description('Write a deterministic demo data set: events.ndjson, accounts.csv, outcomes.csv')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--users <n>', 'number of users', '1000')
    .option('--accounts <n>', 'number of accounts', '100')
    .option('--days <n>', 'length of the window, in days', '60')
    .option('--seed <n>', 'random seed: the same seed gives byte-identical files', '1')
    .option('--end <iso>', 'end of the window (ISO-8601, or "now"); default is a fixed date')
    .option('--gzip', 'write events.ndjson.gz instead of events.ndjson')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const parsed = flagsSchema.safeParse(raw);
        if (!parsed.success) {
          const lines = parsed.error.issues.map((issue) => `  --${issue.path.join('.')}: ${issue.message}`);
          throw new UserError(`invalid options:\n${lines.join('\n')}`, 2);
        }
        const flags = parsed.data;
        const data = generateDemo({
          users: flags.users,
          accounts: flags.accounts,
          days: flags.days,
          seed: flags.seed,
          ...(flags.end === undefined ? {} : { endAt: flags.end }),
        });
        const summary = await writeDemo(data, { dir: flags.out, gzip: flags.gzip === true });
        const { startAt, endAt: end } = data.options;
        process.stdout.write(
          `Wrote ${summary.events.toLocaleString('en')} events, ${summary.accounts.toLocaleString('en')} accounts, ` +
            `${summary.outcomes.toLocaleString('en')} outcomes to ${flags.out} ` +
            `in ${summary.seconds.toFixed(1)} s (${Math.round(summary.eventsPerSecond).toLocaleString('en')} events/s)\n` +
            `Window: ${new Date(startAt).toISOString()} to ${new Date(end).toISOString()}\n`,
        );
      }),
    );
}
