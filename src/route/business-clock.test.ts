import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, Weekday } from '../definition/routing/routing-config.ts';
import {
  addBusinessTime,
  businessTimeBetween,
  endOfBusinessDay,
  isOpenAt,
  nextOpening,
  openIntervals,
} from './business-clock.ts';
import { localParts } from './zoned-time.ts';

const HOUR = 3_600_000;
const BERLIN: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  workdays: [1, 2, 3, 4, 5],
  opensAt: 9 * 60,
  closesAt: 18 * 60,
  holidays: ['2026-12-24', '2026-12-25'],
};
/** Berlin wall-clock time in winter (CET, UTC+1). */
const cet = (month: number, day: number, hour: number, minute = 0) =>
  Date.UTC(2026, month - 1, day, hour - 1, minute);
/** … and in summer (CEST, UTC+2). */
const cest = (month: number, day: number, hour: number, minute = 0) =>
  Date.UTC(2026, month - 1, day, hour - 2, minute);

describe('the business clock', () => {
  it('counts open hours only: one business day is one day of hours', () => {
    // Monday 30 Nov 2026, 10:00 → Tuesday 10:00.
    expect(addBusinessTime(BERLIN, cet(11, 30, 10), 9 * HOUR)).toBe(cet(12, 1, 10));
    // Friday 17:00 + 4 business hours → Monday 12:00.
    expect(addBusinessTime(BERLIN, cet(12, 4, 17), 4 * HOUR)).toBe(cet(12, 7, 12));
    // Ending exactly at closing time stays there.
    expect(addBusinessTime(BERLIN, cet(12, 4, 9), 9 * HOUR)).toBe(cet(12, 4, 18));
  });

  it('a lead outside hours starts its clock at the next opening', () => {
    // Saturday 5 Dec → Monday 09:00, + 1 h.
    expect(addBusinessTime(BERLIN, cet(12, 5, 11), HOUR)).toBe(cet(12, 7, 10));
    // Monday 07:00 (before opening) → 10:00 the same day.
    expect(addBusinessTime(BERLIN, cet(12, 7, 7), HOUR)).toBe(cet(12, 7, 10));
    // Tuesday 20:00 → Wednesday 10:00.
    expect(addBusinessTime(BERLIN, cet(12, 8, 20), HOUR)).toBe(cet(12, 9, 10));
  });

  it('skips holidays and weekends', () => {
    // Wednesday 23 Dec 17:00 + 1 business day: 1 h that day, then Thu 24 and Fri 25 are holidays,
    // the weekend, and 8 h on Monday 28 Dec → 17:00.
    expect(addBusinessTime(BERLIN, cet(12, 23, 17), 9 * HOUR)).toBe(cet(12, 28, 17));
    expect(isOpenAt(BERLIN, cet(12, 24, 12))).toBe(false);
    expect(nextOpening(BERLIN, cet(12, 24, 12))).toBe(cet(12, 28, 9));
  });

  it('follows daylight saving time: 09:00 stays 09:00 on the wall clock', () => {
    // Berlin leaves summer time on Sunday 25 Oct 2026. Friday 23 Oct 15:00 CEST + 1 business day
    // → Monday 26 Oct 15:00 CET: 3 days and 1 hour of wall-clock time.
    const from = cest(10, 23, 15);
    const due = addBusinessTime(BERLIN, from, 9 * HOUR);
    expect(due).toBe(cet(10, 26, 15));
    expect(due - from).toBe(3 * 24 * HOUR + HOUR);
    // New York enters summer time on Sunday 8 Mar 2026: Friday 16:00 EST + 2 business hours → Monday 09:00 EDT
    // (hours 08:00-17:00).
    const newYork: BusinessCalendar = {
      ...BERLIN,
      timezone: 'America/New_York',
      opensAt: 480,
      closesAt: 1020,
    };
    expect(addBusinessTime(newYork, Date.UTC(2026, 2, 6, 21), 2 * HOUR)).toBe(Date.UTC(2026, 2, 9, 13));
  });

  it('same_day: the end of the current business day, or of the next one outside hours', () => {
    expect(endOfBusinessDay(BERLIN, cet(12, 7, 10))).toBe(cet(12, 7, 18));
    expect(endOfBusinessDay(BERLIN, cet(12, 7, 7))).toBe(cet(12, 7, 18));
    expect(endOfBusinessDay(BERLIN, cet(12, 4, 19))).toBe(cet(12, 7, 18));
    expect(endOfBusinessDay(BERLIN, cet(12, 23, 18, 30))).toBe(cet(12, 28, 18));
  });

  it('measures open time between two instants', () => {
    expect(businessTimeBetween(BERLIN, cet(12, 4, 17), cet(12, 7, 12))).toBe(4 * HOUR);
    expect(businessTimeBetween(BERLIN, cet(12, 5, 0), cet(12, 6, 23))).toBe(0);
  });
});

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Sao_Paulo',
];
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    workdays: fc.uniqueArray(fc.constantFrom<Weekday>(0, 1, 2, 3, 4, 5, 6), { minLength: 1, maxLength: 7 }),
    opensAt: fc.integer({ min: 0, max: 23 * 60 }),
    length: fc.integer({ min: 15, max: 24 * 60 }),
    holidays: fc.array(
      fc.date({
        min: new Date(Date.UTC(2025, 0, 1)),
        max: new Date(Date.UTC(2028, 11, 31)),
        noInvalidDate: true,
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ timezone, workdays, opensAt, length, holidays }) => ({
    timezone,
    workdays: [...workdays].sort(),
    opensAt,
    closesAt: Math.min(24 * 60, opensAt + length),
    holidays: holidays.map((d) => d.toISOString().slice(0, 10)),
  }));
const instantArb = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) });
const openTimeArb = fc.integer({ min: 1, max: 5 * 24 * HOUR });

/** Inside [opening, closing] of some open interval: the only places a due time may be. */
function withinOpenHours(calendar: BusinessCalendar, at: number): boolean {
  for (const interval of openIntervals(calendar, at - 1)) return interval.start <= at && at <= interval.end;
  return false;
}

describe('the business clock, on random calendars', () => {
  it('a due time never falls outside open hours, on a workday that is not a holiday', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, openTimeArb, (calendar, from, ms) => {
        const due = addBusinessTime(calendar, from, ms);
        expect(withinOpenHours(calendar, due)).toBe(true);
        const local = localParts(due - 1, calendar.timezone);
        const date = new Date(Date.UTC(local.year, local.month - 1, local.day));
        expect(calendar.workdays).toContain(date.getUTCDay());
        expect(calendar.holidays).not.toContain(date.toISOString().slice(0, 10));
        expect(withinOpenHours(calendar, endOfBusinessDay(calendar, from))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('counts exactly the open time asked for, and later asks are never due earlier', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, openTimeArb, openTimeArb, (calendar, from, a, b) => {
        const due = addBusinessTime(calendar, from, a);
        expect(due).toBeGreaterThan(from);
        expect(businessTimeBetween(calendar, from, due)).toBe(a);
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(addBusinessTime(calendar, from, short)).toBeLessThanOrEqual(
          addBusinessTime(calendar, from, long),
        );
      }),
      { numRuns: 300 },
    );
  });
});
