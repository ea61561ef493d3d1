/**
 * SLA due times and the next action in words. A duration SLA (`4h`) is due that long after `as_of`
 * on the wall clock. Business SLAs (`4 business hours`, `1 business day`) count only open hours of
 * `routing.calendar`, starting at the next opening when the lead arrives outside them; a business
 * day is the length of one day's hours. `same_day` is due at the end of the business day (the next
 * one outside hours) with a calendar, else at the next `day_ends_at` in the routing time zone.
 * An owner with their own `timezone` has the calendar's hours and holidays in that zone.
 */
import type { BusinessCalendar, RoutingConfig, Rule, Sla } from '../definition/routing/routing-config.ts';
import { addBusinessTime, businessDayMs, endOfBusinessDay } from './business-clock.ts';
import { clockText, nextLocalTime } from './zoned-time.ts';

const HOUR_MS = 3_600_000;

export function dueAt(
  config: RoutingConfig,
  sla: Sla | null,
  asOf: number,
  ownerEmail: string | null = null,
): number | null {
  if (sla === null) return null;
  if (sla.kind === 'duration') return asOf + sla.ms;
  const calendar = calendarFor(config, ownerEmail);
  if (sla.kind === 'same_day') {
    return calendar === null
      ? nextLocalTime(asOf, config.dayEndsAt, config.timezone)
      : endOfBusinessDay(calendar, asOf);
  }
  if (calendar === null) throw new Error('a business SLA passed validation without routing.calendar');
  return addBusinessTime(calendar, asOf, businessMs(calendar, sla));
}

/** Open time of a business SLA on this calendar. */
export function businessMs(calendar: BusinessCalendar, sla: Extract<Sla, { kind: 'business' }>): number {
  return sla.count * (sla.unit === 'hour' ? HOUR_MS : businessDayMs(calendar));
}

/** Whether this SLA runs on the business clock (so its escalation grace does too). */
export function onBusinessClock(config: RoutingConfig, sla: Sla | null): boolean {
  return config.calendar !== null && sla !== null && sla.kind !== 'duration';
}

/** The routing calendar, in the owner's own time zone when their team membership gives one. */
export function calendarFor(config: RoutingConfig, ownerEmail: string | null): BusinessCalendar | null {
  const calendar = config.calendar;
  if (calendar === null || ownerEmail === null) return calendar;
  const email = ownerEmail.toLowerCase();
  for (const team of Object.values(config.teams)) {
    const member = team.members.find((m) => m.email === email && m.timezone !== null);
    if (member?.timezone) return { ...calendar, timezone: member.timezone };
  }
  return calendar;
}

/** The rule's `next_action`, else words from its SLA ("Follow up within 4 hours"), else null. */
export function nextAction(config: RoutingConfig, rule: Rule): string | null {
  if (rule.nextAction !== null) return rule.nextAction;
  const sla = rule.sla;
  if (sla === null) return null;
  switch (sla.kind) {
    case 'same_day':
      return config.calendar === null
        ? `Follow up today, by ${clockText(config.dayEndsAt)} ${config.timezone}`
        : `Follow up by the end of the business day (${clockText(config.calendar.closesAt)} ${config.calendar.timezone})`;
    case 'business':
      return `Follow up within ${sla.count} business ${sla.unit}${sla.count === 1 ? '' : 's'}`;
    case 'duration':
      return `Follow up within ${durationWords(sla.ms)}`;
  }
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
