/**
 * The whole file as plain data → the IR, with every problem recorded in the context: the
 * top-level keys, then each section in turn, then what needs the whole file (references,
 * cycles, dependency order, events seen in the data).
 */
import type { DefinitionIR } from '../ir.ts';
import { assembleIR } from '../output/assemble.ts';
import { checkKnownEvents } from '../resolve/known-events.ts';
import { orderSignals } from '../resolve/order-signals.ts';
import { checkReferences } from '../resolve/references.ts';
import { emptyDraft } from '../sections/draft.ts';
import { SECTIONS, TOP_LEVEL_FIELDS } from '../sections/index.ts';
import { describeValue } from '../source/describe-value.ts';
import { asMap, checkKeys } from './check-object.ts';
import type { CheckContext } from './context.ts';

export interface CheckOptions {
  /** Event names seen in the stored data; events named in the file but not here are warnings. */
  readonly knownEvents?: readonly string[];
}

export function checkDefinition(
  ctx: CheckContext,
  value: unknown,
  options: CheckOptions = {},
): DefinitionIR | null {
  const file = asMap(value);
  if (file === null) {
    ctx.report('bad-value-type', [], {
      message: `a definition expects a map with kindling, name, entity, signals, …; found ${describeValue(value)}`,
      hint: 'Start the file with `kindling: 1`, `name: my-pql` and `entity: user` (or `account`).',
    });
    return null;
  }
  checkKeys(ctx, [], file, TOP_LEVEL_FIELDS, 'the definition');
  const draft = emptyDraft();
  for (const section of SECTIONS) section.check(ctx, file, draft);
  checkReferences(ctx, draft);
  const signals = orderSignals(ctx, draft);
  if (options.knownEvents !== undefined) checkKnownEvents(ctx, draft, options.knownEvents);
  return ctx.errorCount === 0 ? assembleIR(draft, signals) : null;
}
