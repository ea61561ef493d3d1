/**
 * `gates:` conditions that must all hold, else the score is 0. A gate names a signal or holds an
 * inline signal object, which is hoisted as `gate.<name>`.
 */
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
import { checkSignalName } from './signals.ts';

const fields = {
  gates: field(
    z.record(z.string(), z.unknown()),
    'a map from gate name to a signal name or an inline signal',
    {
      documented: z.record(
        z.string().regex(SIGNAL_NAME),
        z.union([z.string().regex(SIGNAL_NAME), signalSchema]),
      ),
    },
  ),
} as const;

function check(ctx: CheckContext, file: FileMap, draft: Draft): void {
  if (!('gates' in file)) return;
  const gates = asMap(file.gates);
  if (gates === null) {
    ctx.report('bad-value-type', ['gates'], {
      message: `\`gates\` expects ${fields.gates.expected}, found ${describeValue(file.gates)}`,
    });
    return;
  }
  for (const [name, value] of Object.entries(gates)) {
    const path = ['gates', name];
    checkSignalName(ctx, path, name, 'gate');
    if (typeof value === 'string') {
      draft.gates.push({ name, signal: value });
      draft.references.push({ name: value, path, code: 'undefined-signal' });
    } else if (asMap(value) !== null) {
      const hoisted = `gate.${name}`;
      parseSignal({ ctx, draft }, hoisted, path, value, true);
      draft.gates.push({ name, signal: hoisted });
    } else {
      ctx.report('bad-value-type', path, {
        message: `gate \`${name}\` expects a signal name or an inline signal, found ${describeValue(value)}`,
      });
    }
  }
}

export const gatesSection: Section = { fields, check };
