/**
 * Connecting to the PostgreSQL database a person named with `--database-url` / `KINDLING_DATABASE_URL`:
 * the first query proves the server answers and lets us in, and every failure says which URL (its
 * password masked), what went wrong, and what to change.
 */
import { maskedUrl } from '../../lib/masked-url.ts';
import { UserError } from '../../lib/user-error.ts';
import { PgDatabase } from './pg-client.ts';

const WHERE = 'Set it with --database-url or KINDLING_DATABASE_URL';

/** A problem with the URL's form, or null when it is a postgres:// URL. */
export function databaseUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL; expected postgres://user:password@host:5432/database';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return `must start with postgres:// (got ${parsed.protocol}//)`;
  if (parsed.hostname === '' && !parsed.searchParams.has('host'))
    return 'names no host; expected postgres://user:password@host:5432/database';
  return null;
}

export async function connectPostgres(
  url: string,
  options: { readonly max?: number } = {},
): Promise<PgDatabase> {
  const problem = databaseUrlProblem(url);
  if (problem !== null) throw new UserError(`The database URL ${problem}. ${WHERE}.`, 2);
  const database = PgDatabase.connect(url, { max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
  try {
    await database.client.query('SELECT 1 AS ok');
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new UserError(explain(url, error), 2);
  }
  return database;
}

function explain(url: string, error: unknown): string {
  const shown = maskedUrl(url);
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username) || '(the default user)';
  const database = decodeURIComponent(parsed.pathname.slice(1)) || '(the default database)';
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach PostgreSQL at ${shown} (${detail}). Check that the server runs and the host and port are right. ${WHERE}.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${shown} refused user ${user} (${detail}). Check the user and password in the URL. ${WHERE}.`;
    case '3D000':
      return `PostgreSQL at ${shown} has no database ${database}: create it (createdb ${database}) or name another. ${WHERE}.`;
    default:
      if (/timeout/i.test(detail))
        return `PostgreSQL at ${shown} did not answer in time (${detail}). Check the host and port. ${WHERE}.`;
      return `Cannot use PostgreSQL at ${shown}: ${detail}. ${WHERE}.`;
  }
}
