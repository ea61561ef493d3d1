/** `hand_raisers:` signals that qualify on their own (demo requested, checkout started). */
import { z } from 'zod';
import { checkValue } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field } from '../schema/fields.ts';
import { SIGNAL_NAME } from '../schema/patterns.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const fields = {
  hand_raisers: field(z.array(z.string()), 'a list of signal names', {
    documented: z.array(z.string().regex(SIGNAL_NAME)),
  }),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('hand_raisers' in file)) return;
  const names = checkValue(ctx, ['hand_raisers'], fields.hand_raisers, file.hand_raisers);
  if (!names.ok) return;
  names.value.forEach((name, index) => {
    draft.references.push({ name, path: ['hand_raisers', index], code: 'undefined-signal' });
    if (!draft.handRaisers.includes(name)) draft.handRaisers.push(name);
  });
}

export const handRaisersSection: Section = { fields, check };
