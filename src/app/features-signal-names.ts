/**
 * Names of generated candidate signals: `[a-z0-9_]+` as the language requires for signal names,
 * readable (`feature_used_7d`, `company_size_gte_590`), and unique within one calibration.
 */
import { numberForName } from '../learn/nice-number.ts';

/** `Feature Used` → `feature_used`, `$page` → `page`, `-1.5` → `minus_1_5`. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/(^|[^0-9])-(?=[0-9])/g, '$1minus_')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'x'
  );
}

/** A slug of `base` not yet in `taken` (then `_2`, `_3`…), recorded in `taken`. */
export function signalName(base: string, taken: Set<string>): string {
  const stem = slug(base);
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
  taken.add(name);
  return name;
}

/** A cut value as part of a name: `3.4` → `3_4`. */
export const cutForName = numberForName;
