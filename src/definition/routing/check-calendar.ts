/**
 * `routing.calendar` → `BusinessCalendar`: the open hours that business SLAs count. Hours must
 * open before they close on the same day (no night shifts across midnight), holidays must be real
 * dates, and at least one weekday must be open, so every clock reaches an opening.
 */
import { checkObject } from '../check/check-object.ts';
import type { CheckContext } from '../check/context.ts';
import { describeValue } from '../source/describe-value.ts';
import type { Path } from '../source/yaml-source.ts';
import type { BusinessCalendar, Weekday } from './routing-config.ts';
import { CALENDAR_FIELDS, OPEN_HOURS, timezoneField, WEEKDAYS } from './routing-fields.ts';
import { canonicalTimeZone, minutesOfDay } from './time-of-day.ts';

const MON_TO_FRI: readonly Weekday[] = [1, 2, 3, 4, 5];

/** Null when anything inside is broken (already reported). */
export function buildCalendar(
  ctx: CheckContext,
  path: Path,
  raw: unknown,
  routingTimezone: string,
): BusinessCalendar | null {
  const before = ctx.errorCount;
  const parsed = checkObject(ctx, path, raw, CALENDAR_FIELDS, '`calendar`');
  if (parsed === null) return null;
  let timezone = routingTimezone;
  if (parsed.timezone !== undefined) {
    const canonical = canonicalTimeZone(parsed.timezone);
    if (canonical === null) {
      ctx.report('bad-time-zone', [...path, 'timezone'], {
        message: `\`timezone\` expects ${timezoneField.expected}, found ${describeValue(parsed.timezone)}`,
      });
    } else timezone = canonical;
  }
  const hours = parsed.hours === undefined ? null : openHours(ctx, [...path, 'hours'], parsed.hours);
  const holidays = (parsed.holidays ?? []).filter((date, i) => {
    if (isRealDate(date)) return true;
    ctx.report('bad-value', [...path, 'holidays', i], {
      message: `\`${date}\` is not a date in the calendar`,
      hint: 'Write a date that exists, as YYYY-MM-DD.',
    });
    return false;
  });
  if (ctx.errorCount > before || hours === null) return null;
  const workdays =
    parsed.workdays === undefined
      ? MON_TO_FRI
      : WEEKDAYS.flatMap((day, i) => (parsed.workdays?.includes(day) && isWeekday(i) ? [i] : []));
  return { timezone, workdays, ...hours, holidays: [...new Set(holidays)].sort() };
}

function openHours(
  ctx: CheckContext,
  path: Path,
  text: string,
): { opensAt: number; closesAt: number } | null {
  const match = OPEN_HOURS.exec(text);
  const opensAt = minutesOfDay(match?.[1] ?? '');
  const closesAt = minutesOfDay(match?.[3] ?? '');
  if (match !== null && opensAt < closesAt && closesAt <= 24 * 60) return { opensAt, closesAt };
  ctx.report('bad-value', path, {
    message: `\`hours\` must open before it closes on the same day, found ${describeValue(text)}`,
    hint: 'Write the hours as "09:00-18:00"; hours across midnight are not supported.',
  });
  return null;
}

function isRealDate(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isWeekday(index: number): index is Weekday {
  return (
    index === 0 || index === 1 || index === 2 || index === 3 || index === 4 || index === 5 || index === 6
  );
}
