/**
 * Events named in the file but never seen in the stored data: usually a typo or an integration
 * not sending yet, so a warning with the closest seen name. An empty list means "no data yet",
 * where every name would be unseen and the warning would only be noise.
 */
import type { CheckContext } from '../check/context.ts';
import { closest } from '../problems/suggest.ts';
import type { Draft } from '../sections/draft.ts';

export function checkKnownEvents(ctx: CheckContext, draft: Draft, knownEvents: readonly string[]): void {
  if (knownEvents.length === 0) return;
  const known = new Set(knownEvents);
  for (const event of draft.events) {
    if (known.has(event.name)) continue;
    const match = closest(event.name, knownEvents);
    ctx.report('unknown-event', event.path, {
      message: `event \`${event.name}\` has never been seen in the stored data`,
      hint:
        match === null
          ? 'Check the spelling against the events your product sends.'
          : `Did you mean \`${match}\`?`,
    });
  }
}
