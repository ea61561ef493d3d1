/**
 * Every signal reference, checked once all signals (named and hoisted) are known, so forward
 * references work. Only names written under `signals:` can be referenced: hoisted inline signals
 * are reachable only through the object that holds them.
 */
import type { CheckContext } from '../check/context.ts';
import { didYouMean } from '../problems/suggest.ts';
import type { Draft, OuterReference } from '../sections/draft.ts';

export function checkReferences(ctx: CheckContext, draft: Draft): void {
  const named = [...draft.signals].filter(([, entry]) => !entry.inline).map(([name]) => name);
  const isNamed = new Set(named);
  const references: OuterReference[] = [...draft.references];
  for (const entry of draft.signals.values()) {
    for (const ref of entry.refs) {
      if (!ref.hoisted) references.push({ ...ref, code: 'undefined-signal' });
    }
  }
  for (const ref of references) {
    if (isNamed.has(ref.name)) continue;
    const defined = named.length === 0 ? 'no signals are defined' : `defined signals: ${listed(named)}`;
    ctx.report(ref.code, ref.path, {
      anchor: ref.code === 'points-unknown-signal' ? 'key' : 'value',
      message: `\`${ref.name}\` is not a signal defined in this file; ${defined}`,
      hint: didYouMean(ref.name, named, `Define \`${ref.name}\` under \`signals:\` or correct the name.`),
    });
  }
}

/** Enough names to spot the intended one without a wall of text. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8 ? `${shown}, … (${names.length} in all)` : shown;
}
