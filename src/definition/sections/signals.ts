/** `signals:` every named signal, each checked by its form; inline ones are hoisted beside them. */
import { z } from 'zod';
import { asMap } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { field } from '../schema/fields.ts';
import { SIGNAL_NAME } from '../schema/patterns.ts';
import { signalSchema } from '../schema/signal-forms.ts';
import { parseSignal } from '../signals/parse-signal.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Draft } from './draft.ts';
import type { FileMap, Section } from './section.ts';

const fields = {
  signals: field(z.record(z.string(), z.unknown()), 'a map from signal name to signal', {
    documented: z.record(z.string().regex(SIGNAL_NAME), signalSchema),
  }),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('signals' in file)) return;
  const signals = asMap(file.signals);
  if (signals === null) {
    ctx.report('bad-value-type', ['signals'], {
      message: `\`signals\` expects ${fields.signals.expected}, found ${describeValue(file.signals)}`,
    });
    return;
  }
  for (const [name, value] of Object.entries(signals)) {
    checkSignalName(ctx, ['signals', name], name, 'signal');
    parseSignal({ ctx, draft }, name, ['signals', name], value, false);
  }
}

/** Shared by every name written as a key: signals, gates, tiers. */
export function checkSignalName(
  ctx: CheckContext,
  path: readonly string[],
  name: string,
  what: string,
): void {
  if (SIGNAL_NAME.test(name)) return;
  const fixed = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  ctx.report('bad-name', path, {
    anchor: 'key',
    message: `${what} name \`${name}\` expects lowercase letters, digits and underscores only`,
    hint: `Rename it, for example to \`${fixed}\`.`,
  });
}

export const signalsSection: Section = { fields, check };
