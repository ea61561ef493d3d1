/**
 * `recency:` the multiplier by time since the entity's last counted event. Rows are tried in
 * order and the first whose window holds the last event wins, so a window shorter than an earlier
 * one could never win: windows must ascend, and one `otherwise` row ends the list.
 * Multipliers become whole percentages so the score is exact integer arithmetic.
 */
import { z } from 'zod';
import { checkObject, checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field, fieldsSchema } from '../schema/fields.ts';
import { durationMs } from '../schema/patterns.ts';
import { durationField } from '../schema/signal-forms.ts';
import type { Path } from '../source/yaml-source.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const multiplier = field(z.number(), 'a multiplier ≥ 0 with at most two decimals, such as 0.5', {
  code: 'bad-multiplier',
});
const WITHIN_ROW = {
  within: { ...durationField, required: true },
  multiply: { ...multiplier, required: true },
};
const OTHERWISE_ROW = { otherwise: { ...multiplier, required: true } };

const fields = {
  recency: field(
    z.array(z.unknown()),
    'a list of `{ within: D, multiply: M }` rows, then `{ otherwise: M }`',
    {
      documented: z.array(z.union([fieldsSchema(WITHIN_ROW), fieldsSchema(OTHERWISE_ROW)])),
    },
  ),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('recency' in file)) return;
  const rows = checkValue(ctx, ['recency'], fields.recency, file.recency);
  if (!rows.ok) return;
  let otherwiseAt: number | null = null;
  let previous: { ms: number; index: number } | null = null;
  for (const [index, raw] of rows.value.entries()) {
    const path = ['recency', index];
    if (otherwiseAt !== null) {
      ctx.report('recency-order', path, {
        message: `recency row ${index + 1} comes after the \`otherwise\` row (row ${otherwiseAt + 1}), so it can never apply`,
        hint: 'Move `{ otherwise: M }` to the end of the list.',
      });
    }
    if (typeof raw === 'object' && raw !== null && 'otherwise' in raw) {
      const row = checkObject(ctx, path, raw, OTHERWISE_ROW, 'an `otherwise` recency row');
      if (otherwiseAt === null) otherwiseAt = index;
      draft.recency.push({ withinMs: null, percent: percentOf(ctx, [...path, 'otherwise'], row?.otherwise) });
      continue;
    }
    const row = checkObject(ctx, path, raw, WITHIN_ROW, 'a recency row');
    const ms = row?.within === undefined ? null : durationMs(row.within);
    if (ms !== null && previous !== null && ms <= previous.ms) {
      ctx.report('recency-order', [...path, 'within'], {
        message: `recency window \`${row?.within}\` is not longer than the window of row ${previous.index + 1}, so it can never apply`,
        hint: 'List `within` rows from the shortest window to the longest.',
      });
    }
    if (ms !== null) previous = { ms, index };
    draft.recency.push({ withinMs: ms ?? 0, percent: percentOf(ctx, [...path, 'multiply'], row?.multiply) });
  }
  if (rows.value.length > 0 && otherwiseAt === null) {
    ctx.report('recency-order', ['recency'], {
      anchor: 'key',
      message:
        'recency has no `otherwise` row; expected a last row `{ otherwise: M }` for older or no activity',
      hint: 'Add `- { otherwise: 0.1 }` (or the multiplier you want) as the last row.',
    });
  }
}

/** 0.5 → 50. More than two decimals cannot be a whole percentage, so it is an error, not rounded. */
function percentOf(ctx: CheckContext, path: Path, value: number | undefined): number {
  if (value === undefined) return 0;
  const percent = Math.round(value * 100);
  if (value < 0 || Math.abs(value * 100 - percent) > 1e-9 || !Number.isSafeInteger(percent)) {
    ctx.report('bad-multiplier', path, {
      message: `multiplier ${value} expects a number ≥ 0 with at most two decimals`,
    });
    return 0;
  }
  return percent;
}

export const recencySection: Section = { fields, check };
