/**
 * Saving a definition text as a version: validated exactly as `kindling validate` does, so a
 * file with errors is refused with every problem at FILE:LINE:COL, and never saved.
 */
import { loadDefinition } from '../definition/load-definition.ts';
import type { Problem } from '../definition/problems/catalogue.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import { type StoredVersion, saveVersion } from './version-store.ts';

export interface InvalidSource {
  readonly code: 'invalid-definition';
  readonly file: string;
  readonly problems: readonly Problem[];
}

export async function saveSource(
  db: SqlClient,
  source: string,
  file: string,
  now: number = Date.now(),
): Promise<Result<{ readonly stored: StoredVersion; readonly problems: readonly Problem[] }, InvalidSource>> {
  const loaded = loadDefinition(source, file);
  if (loaded.ir === null) return err({ code: 'invalid-definition', file, problems: loaded.problems });
  return ok({ stored: await saveVersion(db, source, loaded.ir, now), problems: loaded.problems });
}
