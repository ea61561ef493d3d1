/**
 * What an operator can do about a database error, when the error itself tells: today, a database
 * that ran out of the memory it was given. DuckDB's message names the block it could not allocate
 * and the limit ("… (255.9 MiB/256.0 MiB used)") but not the setting behind it; under issue 16's
 * goal load with DuckDB at 192 MiB the server answered the ingest with 503s and 81 of its 279
 * alerts never came, each failure logged with that message alone.
 */

const DUCKDB_MEMORY =
  'the embedded database reached its memory limit: give it more with --memory-limit or ' +
  'KINDLING_MEMORY_LIMIT (serve defaults to 256 MiB; a server over 10 M stored events taking ' +
  '5,000 events/s ran at 256 MiB and failed at 192)';

const POSTGRES_MEMORY =
  'PostgreSQL ran out of memory (SQLSTATE 53200): check its work_mem and the memory of the machine it runs on';

/** The hint for `error`, null when it is not one this knows how to act on. */
export function databaseErrorHint(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  if (/\bOut of Memory Error\b/.test(error.message)) return DUCKDB_MEMORY;
  if ('code' in error && error.code === '53200') return POSTGRES_MEMORY;
  return null;
}

/** Log fields for a failed database step: the error's message (or stack) and, when known, the hint. */
export function databaseErrorFields(
  error: unknown,
  detail: 'message' | 'stack' = 'message',
): { error: string; hint?: string } {
  const text =
    error instanceof Error
      ? detail === 'stack'
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  const hint = databaseErrorHint(error);
  return hint === null ? { error: text } : { error: text, hint };
}
