/**
 * SLA due times and the next action in words. A duration SLA is due that long after `as_of`;
 * `same_day` is due at the next end of the working day (`day_ends_at`, default 18:00) in the
 * routing time zone, strictly after `as_of` (a lead at 18:30 is due 18:00 the next day).
 * Weekends and holidays are not skipped.
 */
import type { RoutingConfig, Rule, Sla } from '../definition/routing/routing-config.ts';
import { clockText, nextLocalTime } from './zoned-time.ts';

export function dueAt(config: RoutingConfig, sla: Sla | null, asOf: number): number | null {
  if (sla === null) return null;
  return sla.kind === 'duration' ? asOf + sla.ms : nextLocalTime(asOf, config.dayEndsAt, config.timezone);
}

/** The rule's `next_action`, else words from its SLA ("Follow up within 4 hours"), else null. */
export function nextAction(config: RoutingConfig, rule: Rule): string | null {
  if (rule.nextAction !== null) return rule.nextAction;
  if (rule.sla === null) return null;
  return rule.sla.kind === 'same_day'
    ? `Follow up today, by ${clockText(config.dayEndsAt)} ${config.timezone}`
    : `Follow up within ${durationWords(rule.sla.ms)}`;
}

const UNITS = [
  { ms: 604_800_000, word: 'week' },
  { ms: 86_400_000, word: 'day' },
  { ms: 3_600_000, word: 'hour' },
] as const;

/**
 * 14400000 → "4 hours": the largest unit that divides it, used only from two of it up, so 24 h
 * reads "24 hours" (as sales teams say it) and 14 d "2 weeks".
 */
export function durationWords(ms: number): string {
  const unit =
    UNITS.find((u) => ms % u.ms === 0 && ms >= 2 * u.ms) ??
    (ms % 3_600_000 === 0 && ms > 0 ? UNITS[2] : null);
  const per = unit?.ms ?? 60_000;
  const count = Math.round(ms / per);
  const word = unit?.word ?? 'minute';
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
