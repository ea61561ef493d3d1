/** `points:` whole points per signal (negative allowed), and `cap`, the highest score. */
import { z } from 'zod';
import { asMap, checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field } from '../schema/fields.ts';
import { SIGNAL_NAME } from '../schema/patterns.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const pointsValue = field(z.int(), 'a whole number of points (negative allowed)', {
  hint: 'Points are whole numbers so that scores are exact; write 2 or 3, not 2.5.',
});

const fields = {
  points: field(z.record(z.string(), z.unknown()), 'a map from signal name to whole points', {
    documented: z.record(z.string().regex(SIGNAL_NAME), pointsValue.schema),
  }),
  cap: field(z.int().min(0), 'a whole number ≥ 0, the highest possible score (default 100)'),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if ('cap' in file) {
    const cap = checkValue(ctx, ['cap'], fields.cap, file.cap);
    if (cap.ok) draft.cap = cap.value;
  }
  if (!('points' in file)) return;
  const points = asMap(file.points);
  if (points === null) {
    ctx.report('bad-value-type', ['points'], {
      message: `\`points\` expects ${fields.points.expected}, found ${describeValue(file.points)}`,
    });
    return;
  }
  for (const [signal, raw] of Object.entries(points)) {
    const path = ['points', signal];
    draft.references.push({ name: signal, path, code: 'points-unknown-signal' });
    const value = checkValue(ctx, path, pointsValue, raw);
    if (value.ok) draft.points.push({ signal, points: value.value });
  }
}

export const pointsSection: Section = { fields, check };
