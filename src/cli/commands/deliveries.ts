/**
 * `kindling deliveries [--failed]`, `deliveries replay <id>`, `deliveries health`: the outbox, read
 * and repaired in the store itself (the data directory, or PostgreSQL beside running servers), or,
 * when a running server holds the data directory, through that server's admin API with
 * KINDLING_ADMIN_KEY (the key's workspace).
 */
import type { Command } from 'commander';
import type { DestinationHealth } from '../../outbox/outbox-store.ts';
import { SqlOutboxStore } from '../../outbox/sql-outbox-store.ts';
import { DATABASE_URL_OPTION, openStoreOrServer, serverHolds, storeLocation } from '../open-store.ts';
import { runAction, UserError } from '../run-action.ts';
import { type DeliveriesAccess, type DeliveryRow, deliveriesViaServer } from './deliveries-via-server.ts';

interface Flags {
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly failed?: boolean;
  readonly limit?: string;
}

async function withOutbox(flags: Flags, use: (outbox: DeliveriesAccess) => Promise<void>): Promise<void> {
  const location = storeLocation(flags);
  const access = await openStoreOrServer(location);
  if (access.kind === 'server') {
    const key = process.env.KINDLING_ADMIN_KEY;
    if (!key)
      throw serverHolds(
        access.server,
        location,
        'deliveries',
        'set KINDLING_ADMIN_KEY (or --env-file) to go through it',
      );
    await use(deliveriesViaServer(access.server.url, key));
    return;
  }
  const session = await access.store.database.session();
  try {
    await use(new SqlOutboxStore(session));
  } finally {
    await session.close();
    await access.store.close();
  }
}

const time = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function last(d: DeliveryRow): string {
  const status = d.lastStatus === null ? '' : String(d.lastStatus);
  const text = [status, d.lastDetail ?? ''].filter((part) => part !== '').join(' ');
  return text === '' ? '-' : text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function formatDeliveries(deliveries: readonly DeliveryRow[]): string {
  const header = ['ID', 'DESTINATION', 'ENTITY', 'STATUS', 'ATTEMPTS', 'LAST', 'NEXT ATTEMPT'];
  const rows = deliveries.map((d) => [
    d.id,
    d.destination,
    `${d.entityType}:${d.entityId}`,
    d.status,
    String(d.attempts),
    last(d),
    time(d.nextAttemptAt),
  ]);
  return table([header, ...rows]);
}

export function formatHealth(health: readonly DestinationHealth[]): string {
  const header = ['DESTINATION', 'DELIVERED', 'PENDING', 'DEAD', 'LAST SUCCESS', 'LAST FAILURE'];
  const rows = health.map((h) => [
    h.destination,
    String(h.delivered),
    String(h.pending),
    String(h.dead),
    time(h.lastSuccessAt),
    h.lastFailure === null ? '-' : `${time(h.lastFailure.at)} ${h.lastFailure.detail}`,
  ]);
  return table([header, ...rows]);
}

/**
 * `--data-dir` and `--database-url` are declared once, on `deliveries`: commander gives an option
 * written after a subcommand to the parent that declares it, so the subcommands read it from there.
 */
function inherited(command: Command): Flags {
  const all: Record<string, unknown> = command.optsWithGlobals();
  return {
    ...(typeof all.dataDir === 'string' ? { dataDir: all.dataDir } : {}),
    ...(typeof all.databaseUrl === 'string' ? { databaseUrl: all.databaseUrl } : {}),
  };
}

function limitOf(flags: Flags): number {
  const limit = Number(flags.limit ?? '100');
  if (!Number.isInteger(limit) || limit < 1) throw new UserError('--limit must be a positive whole number.');
  return limit;
}

export function register(program: Command): void {
  const deliveries = program
    .command('deliveries')
    .description('List alert deliveries (newest first); replay dead letters; destination health')
    .option('--data-dir <dir>', 'data directory (env KINDLING_DATA_DIR)')
    .option(...DATABASE_URL_OPTION)
    .option('--failed', 'only dead letters and deliveries whose last attempt failed')
    .option('--limit <n>', 'how many to show', '100')
    .action(
      runAction((flags: Flags) =>
        withOutbox(flags, async (outbox) => {
          const list = await outbox.list({ failed: flags.failed === true, limit: limitOf(flags) });
          if (list.length === 0) process.stderr.write('No deliveries.\n');
          else process.stdout.write(`${formatDeliveries(list)}\n`);
        }),
      ),
    );
  deliveries
    .command('replay')
    .description('Send a dead letter again: pending, due now, attempts reset')
    .argument('<id>', 'delivery id from `kindling deliveries --failed`')
    .action(
      runAction((id: string, _options: unknown, command: Command) =>
        withOutbox(inherited(command), async (outbox) => {
          const replayed = await outbox.replay(id);
          if (!replayed.ok && replayed.error === 'not-found') throw new UserError(`No delivery "${id}".`);
          if (!replayed.ok) {
            throw new UserError(`Delivery ${id} is not dead: only dead letters can be replayed.`);
          }
          process.stdout.write(`${formatDeliveries([replayed.value])}\n`);
          process.stderr.write(`Replayed ${id}: the delivery worker sends it on its next pass.\n`);
        }),
      ),
    );
  deliveries
    .command('health')
    .description('Per destination: counts, last success, last failure')
    .action(
      runAction((_options: unknown, command: Command) =>
        withOutbox(inherited(command), async (outbox) => {
          process.stdout.write(`${formatHealth(await outbox.health())}\n`);
        }),
      ),
    );
}
