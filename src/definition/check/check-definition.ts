/**
 * The whole file as plain data → the IR, with every problem recorded in the context: the
 * top-level keys, then each section in turn, then what needs the whole file (references,
 * cycles, dependency order, events seen in the data).
 */
import type { DestinationsConfig } from '../../deliver/destinations/config-schema.ts';
import type { CrmConfig } from '../crm/crm-config.ts';
import type { DefinitionIR } from '../ir.ts';
import { assembleIR } from '../output/assemble.ts';
import { deepFreeze } from '../output/freeze.ts';
import { checkKnownEvents } from '../resolve/known-events.ts';
import { orderSignals } from '../resolve/order-signals.ts';
import { checkReferences } from '../resolve/references.ts';
import type { RoutingConfig } from '../routing/routing-config.ts';
import { type Draft, emptyDraft } from '../sections/draft.ts';
import { SECTIONS, TOP_LEVEL_FIELDS } from '../sections/index.ts';
import { describeValue } from '../source/describe-value.ts';
import { asMap, checkKeys } from './check-object.ts';
import type { CheckContext } from './context.ts';

export interface CheckOptions {
  /** Event names seen in the stored data; events named in the file but not here are warnings. */
  readonly knownEvents?: readonly string[];
}

/** What a file holds once checked; every part null when any error was found. */
export interface CheckedFile {
  readonly ir: DefinitionIR | null;
  /** Null also when the file has no `routing:`. */
  readonly routing: RoutingConfig | null;
  /** Null also when the file has no `destinations:`. */
  readonly destinations: DestinationsConfig | null;
  /** Null also when the file has no `crm:`. */
  readonly crm: CrmConfig | null;
}

const NOTHING: CheckedFile = { ir: null, routing: null, destinations: null, crm: null };

export function checkDefinition(ctx: CheckContext, value: unknown, options: CheckOptions = {}): CheckedFile {
  const file = asMap(value);
  if (file === null) {
    ctx.report('bad-value-type', [], {
      message: `a definition expects a map with kindling, name, entity, signals, …; found ${describeValue(value)}`,
      hint: 'Start the file with `kindling: 1`, `name: my-pql` and `entity: user` (or `account`).',
    });
    return NOTHING;
  }
  checkKeys(ctx, [], file, TOP_LEVEL_FIELDS, 'the definition');
  const draft = emptyDraft();
  for (const section of SECTIONS) section.check(ctx, file, draft);
  checkReferences(ctx, draft);
  const signals = orderSignals(ctx, draft);
  if (options.knownEvents !== undefined) checkKnownEvents(ctx, draft, options.knownEvents);
  if (ctx.errorCount > 0) return NOTHING;
  return {
    ir: assembleIR(draft, signals),
    routing: deepFreeze(draft.routing),
    destinations: destinations(draft),
    crm: deepFreeze(draft.crm),
  };
}

/** The configs as the delivery area takes them (`createDestinations`), without routing's `digest`. */
function destinations(draft: Draft): DestinationsConfig | null {
  if (draft.destinations === null) return null;
  const configs: Record<string, DestinationsConfig[string]> = {};
  for (const [name, entry] of draft.destinations) if (entry.config !== null) configs[name] = entry.config;
  return deepFreeze(configs);
}
