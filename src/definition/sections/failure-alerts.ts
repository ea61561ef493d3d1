/**
 * `on_failure: { alert, after }` on a destination names the destination told when this one fails
 * (docs/outbox.md). The keys themselves are checked by the delivery area's schema with the rest of
 * the destination; this checks what only the whole `destinations:` map can say: that `alert` names
 * another destination, of a kind that can send notices.
 */
import { NOTICE_KINDS } from '../../deliver/destinations/failure-alert-config.ts';
import type { CheckContext } from '../check/context.ts';
import { closest } from '../problems/suggest.ts';
import type { DestinationDraft } from './draft.ts';

/** The destinations named by some `on_failure.alert`: they receive something, not nothing. */
export function failureAlertTargets(destinations: ReadonlyMap<string, DestinationDraft>): Set<string> {
  const targets = new Set<string>();
  for (const { config } of destinations.values()) {
    if (config?.on_failure !== undefined) targets.add(config.on_failure.alert);
  }
  return targets;
}

export function checkFailureAlerts(
  ctx: CheckContext,
  destinations: ReadonlyMap<string, DestinationDraft>,
): void {
  const known = [...destinations.keys()];
  for (const [name, { config }] of destinations) {
    const target = config?.on_failure?.alert;
    if (target === undefined) continue;
    const path = ['destinations', name, 'on_failure', 'alert'];
    const destination = destinations.get(target);
    if (destination === undefined) {
      const match = closest(target, known);
      ctx.report('undefined-destination', path, {
        message: `\`on_failure.alert\` names destination \`${target}\`, which is not defined; defined destinations: ${known.join(', ')}`,
        ...(match === null ? {} : { hint: `Did you mean \`${match}\`?` }),
      });
    } else if (target === name) {
      ctx.report('bad-value', path, {
        message: `destination \`${name}\` cannot be told about its own failures`,
        hint: 'Name another destination, for example a Slack channel or an e-mail list your team watches.',
      });
    } else if (destination.kind !== null && !NOTICE_KINDS.includes(destination.kind)) {
      ctx.report('bad-value', path, {
        message: `\`on_failure.alert\` names a ${destination.kind} destination; failure alerts go to ${NOTICE_KINDS.join(', ')} destinations`,
        hint: 'Name a Slack, webhook or e-mail destination.',
      });
    }
  }
}
