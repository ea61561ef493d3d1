/**
 * `tiers:` name → minimum score. Written lowest first; the tier of a score is the highest whose
 * minimum it reaches. Equal minimums would make one tier unreachable, so ascending is strict.
 */
import { z } from 'zod';
import { asMap, checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field } from '../schema/fields.ts';
import { SIGNAL_NAME } from '../schema/patterns.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';
import { checkSignalName } from './signals.ts';

const minimum = field(z.int().min(0), 'a whole-number minimum score ≥ 0');

const fields = {
  tiers: field(z.record(z.string(), z.unknown()), 'a map from tier name to minimum score, lowest first', {
    documented: z.record(z.string().regex(SIGNAL_NAME), minimum.schema),
  }),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('tiers' in file)) return;
  const tiers = asMap(file.tiers);
  if (tiers === null) {
    ctx.report('bad-value-type', ['tiers'], {
      message: `\`tiers\` expects ${fields.tiers.expected}, found ${describeValue(file.tiers)}`,
    });
    return;
  }
  let previous: { name: string; min: number } | null = null;
  for (const [name, raw] of Object.entries(tiers)) {
    const path = ['tiers', name];
    checkSignalName(ctx, path, name, 'tier');
    const min = checkValue(ctx, path, minimum, raw);
    if (!min.ok) continue;
    if (previous !== null && min.value <= previous.min) {
      ctx.report('tiers-not-ascending', path, {
        message: `tier \`${name}\` starts at ${min.value}, expected more than ${previous.min} (the minimum of \`${previous.name}\`, listed before it)`,
      });
    }
    if (min.value > draft.cap) {
      ctx.report('unreachable-tier', path, {
        message: `tier \`${name}\` starts at ${min.value}, above the cap of ${draft.cap}, so no score reaches it`,
      });
    }
    previous = { name, min: min.value };
    draft.tiers.push({ name, min: min.value });
  }
}

export const tiersSection: Section = { fields, check };
