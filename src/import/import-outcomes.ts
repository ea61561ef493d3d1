/**
 * Outcomes from CSV with columns `entity_type, entity_id, type, amount, owner, timestamp`
 * (`entity_type` defaults to account). Each row is checked with a schema; bad rows are reported by line.
 */
import { z } from 'zod';
import { parseIsoTimestamp } from '../collect/timestamp.ts';
import { type EventStore, OUTCOME_TYPES, type OutcomeRow } from '../store/store.ts';
import { csvRecords } from './csv-records.ts';
import type { ImportListener, ImportSummary } from './import-report.ts';

const outcomeCsvRow = z.object({
  entity_type: z.enum(['user', 'account']).default('account'),
  entity_id: z.string().min(1, 'entity_id is required'),
  type: z.enum(OUTCOME_TYPES),
  amount: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : Number(v)))
    .refine((v) => v === null || Number.isFinite(v), 'amount must be a number'),
  owner: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v)),
  timestamp: z
    .string()
    .transform((v) => parseIsoTimestamp(v))
    .refine((v) => v !== null, 'timestamp must be ISO-8601'),
});

export async function importOutcomes(options: {
  readonly store: EventStore;
  readonly workspaceId: string;
  readonly file: string;
  readonly listener: ImportListener;
}): Promise<ImportSummary> {
  const started = performance.now();
  let read = 0;
  let rejected = 0;
  const rows: OutcomeRow[] = [];
  for await (const record of csvRecords(options.file, (b, t) => options.listener.progress(b, t, read))) {
    read++;
    const values = Object.fromEntries(Object.entries(record.values).filter(([, v]) => v !== ''));
    const parsed = outcomeCsvRow.safeParse(values);
    if (!parsed.success) {
      rejected++;
      const issue = parsed.error.issues[0];
      options.listener.bad({
        line: record.line,
        code: 'invalid-outcome',
        detail: `${issue?.path.join('.')}: ${issue?.message}`,
      });
      continue;
    }
    const { entity_type, entity_id, type, amount, owner, timestamp } = parsed.data;
    rows.push({
      entityType: entity_type,
      entityId: entity_id,
      type,
      amount,
      owner,
      timestamp: timestamp ?? 0,
      source: 'import',
    });
  }
  const stored = await options.store.appendOutcomes(options.workspaceId, rows);
  return { read, stored, duplicates: 0, rejected, seconds: (performance.now() - started) / 1000 };
}
