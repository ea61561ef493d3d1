/**
 * The business clock of `routing.calendar`: time counts only inside open hours (workdays, minus
 * holidays, between the opening and closing time in the calendar's time zone). Pure, Intl only.
 * Open intervals are built per local date, so daylight saving changes move them with the wall
 * clock (09:00 stays 09:00) and a day's length follows what the clocks did that day.
 */
import type { BusinessCalendar, Weekday } from '../definition/routing/routing-config.ts';
import { localParts, zonedInstant } from './zoned-time.ts';

export interface OpenInterval {
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms: the closing instant, which still counts as open (a due time may fall on it). */
  readonly end: number;
}

/** Ten years of dates: a calendar that opens less often than this is closed for good. */
const MAX_DAYS = 3660;

/** The nominal length of one business day: the calendar's hours. */
export function businessDayMs(calendar: BusinessCalendar): number {
  return (calendar.closesAt - calendar.opensAt) * 60_000;
}

/** Open intervals that end after `from`, in order, starting with the one `from` is in (if any). */
export function* openIntervals(calendar: BusinessCalendar, from: number): Generator<OpenInterval> {
  const today = localParts(from, calendar.timezone);
  // From the day before: a local date's hours can reach past `from` only from that date or later.
  for (let add = -1; add <= MAX_DAYS; add++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + add));
    if (!isOpenDate(calendar, date)) continue;
    const day = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    const start = zonedInstant(day, calendar.opensAt, calendar.timezone);
    const end = zonedInstant(day, calendar.closesAt, calendar.timezone);
    // A day whose hours fall in a daylight saving gap has none.
    if (end > from && end > start) yield { start, end };
  }
  throw new Error(`calendar in ${calendar.timezone} has no open hours within ${MAX_DAYS} days`);
}

function isOpenDate(calendar: BusinessCalendar, date: Date): boolean {
  const weekday = date.getUTCDay();
  if (!calendar.workdays.some((d: Weekday) => d === weekday)) return false;
  return !calendar.holidays.includes(date.toISOString().slice(0, 10));
}

/**
 * The instant `ms` of open time after `from`. Outside hours the clock starts at the next opening;
 * running out exactly at a closing time stays there (due at 18:00, not at the next 09:00).
 */
export function addBusinessTime(calendar: BusinessCalendar, from: number, ms: number): number {
  if (ms <= 0) return from;
  let left = ms;
  for (const interval of openIntervals(calendar, from)) {
    const start = Math.max(from, interval.start);
    if (left <= interval.end - start) return start + left;
    left -= interval.end - start;
  }
  throw new Error('unreachable: openIntervals ends by throwing');
}

/** Open time between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  for (const interval of openIntervals(calendar, from)) {
    if (interval.start >= to) break;
    total += Math.min(to, interval.end) - Math.max(from, interval.start);
  }
  return Math.max(0, total);
}

/** The close of the business day `at` is in, or of the next one when `at` is outside hours. */
export function endOfBusinessDay(calendar: BusinessCalendar, at: number): number {
  for (const interval of openIntervals(calendar, at)) {
    if (interval.end > at) return interval.end;
  }
  throw new Error('unreachable: openIntervals ends by throwing');
}

/** Whether `at` is inside open hours (the closing instant is already closed). */
export function isOpenAt(calendar: BusinessCalendar, at: number): boolean {
  for (const interval of openIntervals(calendar, at)) return interval.start <= at;
  return false;
}

/** The next opening at or after `at` (`at` itself when open). */
export function nextOpening(calendar: BusinessCalendar, at: number): number {
  for (const interval of openIntervals(calendar, at)) return Math.max(at, interval.start);
  throw new Error('unreachable: openIntervals ends by throwing');
}
