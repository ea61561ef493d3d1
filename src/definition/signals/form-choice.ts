/**
 * Which form a signal object takes, decided by its keys, and the comparisons or bounds written
 * where that form has no use for them (`gte` on an event signal, `at_least` on a trait).
 */
import { isComparisonOp } from '../schema/comparisons.ts';
import { FORM_KEYS, SIGNAL_FORMS, type SignalForm } from '../schema/signal-forms.ts';
import type { Path } from '../source/yaml-source.ts';
import type { SignalEnv } from './env.ts';

type SignalMap = Readonly<Record<string, unknown>>;

const FORM_WORDS: Record<SignalForm, string> = {
  aggregate: 'an event signal',
  trait: 'a trait signal',
  last_seen: 'a `last_seen` signal',
  first_seen: 'a `first_seen` signal',
  all: 'an `all` signal',
  any: 'an `any` signal',
  not: 'a `not` signal',
  count_of: 'an `of` signal',
};

const FORM_ACCEPTS: Record<SignalForm, string> = {
  aggregate: 'it takes `at_least`/`at_most` on the count or sum',
  trait: 'it takes exactly one comparison such as `gte: 100`',
  last_seen: 'it takes no comparison',
  first_seen: 'it takes no comparison',
  all: 'it takes no comparison',
  any: 'it takes no comparison',
  not: 'it takes no comparison',
  count_of: 'it takes `at_least`/`at_most` on how many of the listed signals hold',
};

export function formWord(form: SignalForm): string {
  return FORM_WORDS[form];
}

/** The one form of this signal, or null (reported) when it has none or several. */
export function chooseForm(env: SignalEnv, name: string, path: Path, map: SignalMap): SignalForm | null {
  if ('distinct' in map && 'sum' in map) {
    env.ctx.report('multiple-aggregations', [...path, 'sum'], {
      anchor: 'key',
      message: `signal \`${name}\` has both \`distinct\` and \`sum\`; a signal aggregates one way`,
    });
    return null;
  }
  const formKeys = Object.keys(map).filter((key) => key in FORM_KEYS);
  const first = formKeys[0];
  if (first === undefined) {
    env.ctx.report('missing-key', path, {
      anchor: 'key',
      message: `signal \`${name}\` has no form key; expected one of: ${Object.keys(FORM_KEYS).join(', ')}`,
      hint:
        'at_least' in map
          ? 'For "at least N of these signals", add `of: [signal, …]`.'
          : 'Add `event: Name` to count events, `trait: T` with a comparison, or `all`/`any`/`not`/`of` to combine signals.',
    });
    return null;
  }
  const form = FORM_KEYS[first];
  const clash = formKeys.find((key) => FORM_KEYS[key] !== form);
  if (form === undefined) return null;
  if (clash !== undefined) {
    const other = FORM_KEYS[clash] ?? form;
    env.ctx.report('conflicting-forms', [...path, clash], {
      anchor: 'key',
      message: `signal \`${name}\` mixes \`${first}\` (${FORM_WORDS[form]}) with \`${clash}\` (${FORM_WORDS[other]}); a signal has one form`,
    });
    return null;
  }
  return form;
}

/** The map without misplaced comparisons and bounds, each reported once as `comparison-mismatch`. */
export function withoutMisplacedComparisons(
  env: SignalEnv,
  path: Path,
  map: SignalMap,
  form: SignalForm,
): SignalMap {
  const accepted = SIGNAL_FORMS[form];
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    const isComparison = isComparisonOp(key) || key === 'at_least' || key === 'at_most';
    if (isComparison && !(key in accepted)) {
      env.ctx.report('comparison-mismatch', [...path, key], {
        anchor: 'key',
        message: `\`${key}\` does not fit ${FORM_WORDS[form]}: ${FORM_ACCEPTS[form]}`,
      });
      continue;
    }
    kept[key] = value;
  }
  return kept;
}
