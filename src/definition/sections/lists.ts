/** `lists:` reusable value lists, referenced as `$name` by `in`/`not_in` and resolved into the IR. */
import { z } from 'zod';
import { asMap, checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field, scalar } from '../schema/fields.ts';
import { SIGNAL_NAME } from '../schema/patterns.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';
import { checkSignalName } from './signals.ts';

const listField = field(z.array(scalar), 'a list of strings, numbers or booleans');

const fields = {
  lists: field(z.record(z.string(), z.unknown()), 'a map from list name to a list of values', {
    documented: z.record(z.string().regex(SIGNAL_NAME), listField.schema),
  }),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('lists' in file)) return;
  const lists = asMap(file.lists);
  if (lists === null) {
    ctx.report('bad-value-type', ['lists'], {
      message: `\`lists\` expects ${fields.lists.expected}, found ${describeValue(file.lists)}`,
    });
    return;
  }
  for (const [name, raw] of Object.entries(lists)) {
    const path = ['lists', name];
    checkSignalName(ctx, path, name, 'list');
    const values = checkValue(ctx, path, listField, raw);
    // A broken list is still defined: its references should not also be reported as undefined.
    draft.lists.set(name, values.ok ? values.value : []);
  }
}

export const listsSection: Section = { fields, check };
