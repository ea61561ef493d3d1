import { describe, expect, it } from 'vitest';
import { nextDigestAt } from './digest.ts';
import { routeQualification } from './route-qualification.ts';
import { dueAt, durationWords } from './sla.ts';
import { AS_OF, DAY, facts, HOUR, routingConfig, state } from './test-support.ts';
import { nextLocalTime } from './zoned-time.ts';

const config = routingConfig(`
  timezone: America/New_York
  day_ends_at: "17:30"
  digest_at: "07:00"
  rules:
    - { name: hand_raiser, when: { hand_raiser: true }, notify: [sales-slack], sla: same_day }
    - { name: burning, when: { tier: burning }, notify: [sales-slack], sla: 4h }
    - { name: hot, when: { tier: hot }, notify: [sales-slack], sla: 24h }
    - { name: warm, when: { tier: warm }, notify: [sales-slack], sla: 30m }
    - { name: cold, when: { tier: cold }, digest: [sales-mail] }
`);

describe('SLA due times', () => {
  it('a duration is due that long after as_of', () => {
    const due = (tier: string) => routeQualification(config, facts({ tier }), state()).slaDueAt;
    expect(due('burning')).toBe(AS_OF + 4 * HOUR);
    expect(due('hot')).toBe(AS_OF + 24 * HOUR);
    expect(due('warm')).toBe(AS_OF + 30 * 60_000);
    expect(due('cold')).toBeNull();
  });

  it('same_day is the next end of the working day in the routing time zone', () => {
    // 10:00 UTC = 06:00 in New York (EDT, UTC-4): due 17:30 EDT = 21:30 UTC the same day.
    const morning = routeQualification(config, facts({ handRaiser: true }), state());
    expect(morning.slaDueAt).toBe(Date.UTC(2025, 5, 2, 21, 30));
    expect(morning.nextAction).toBe('Follow up today, by 17:30 America/New_York');
    // 22:00 UTC = 18:00 EDT, after the day's end: due 17:30 the next day.
    const evening = routeQualification(
      config,
      facts({ handRaiser: true, asOf: Date.UTC(2025, 5, 2, 22) }),
      state(),
    );
    expect(evening.slaDueAt).toBe(Date.UTC(2025, 5, 3, 21, 30));
  });

  it('same_day follows daylight saving time', () => {
    const winter = dueAt(config, { kind: 'same_day' }, Date.UTC(2025, 0, 15, 12));
    expect(winter).toBe(Date.UTC(2025, 0, 15, 22, 30)); // 17:30 EST = 22:30 UTC
    const summer = dueAt(config, { kind: 'same_day' }, Date.UTC(2025, 6, 15, 12));
    expect(summer).toBe(Date.UTC(2025, 6, 15, 21, 30)); // 17:30 EDT = 21:30 UTC
    // The night clocks go forward (9 March 2025, 02:00 → 03:00): still the local 17:30.
    expect(dueAt(config, { kind: 'same_day' }, Date.UTC(2025, 2, 9, 6))).toBe(Date.UTC(2025, 2, 9, 21, 30));
  });

  it('durations read as words', () => {
    expect(
      [4 * HOUR, 24 * HOUR, 2 * DAY, 30 * 60_000, 7 * DAY, 14 * DAY, 90 * 60_000, HOUR].map(durationWords),
    ).toEqual(['4 hours', '24 hours', '2 days', '30 minutes', '7 days', '2 weeks', '90 minutes', '1 hour']);
  });
});

describe('digest times', () => {
  it('the next digest_at in the time zone, for destinations that take digests only', () => {
    // 10:00 UTC = 06:00 EDT: the 07:00 digest the same day is 11:00 UTC.
    expect(nextDigestAt(config, 'sales-mail', AS_OF)).toBe(Date.UTC(2025, 5, 2, 11));
    expect(nextDigestAt(config, 'sales-mail', Date.UTC(2025, 5, 2, 11))).toBe(Date.UTC(2025, 5, 3, 11));
    // nurture has its own `at: "08:30"` and takes the routing time zone.
    expect(nextDigestAt(config, 'nurture', AS_OF)).toBe(Date.UTC(2025, 5, 2, 12, 30));
    expect(nextDigestAt(config, 'sales-slack', AS_OF)).toBeNull();
  });

  it('a weekly digest (`on: [mon]`) goes out on its weekdays only', () => {
    const weekly = routingConfig(
      `
      timezone: Europe/Berlin
      rules: [{ name: all, notify: [weekly] }]
    `,
      {
        weekly:
          '{ kind: email, host: smtp.example.com, from: pql@vendor.example, digest: { at: "08:30", on: [mon] } }',
      },
    );
    // Thursday 3 Dec 2026 → Monday 7 Dec 08:30 Berlin (07:30 UTC); at that moment → the Monday after.
    expect(nextDigestAt(weekly, 'weekly', Date.UTC(2026, 11, 3, 12))).toBe(Date.UTC(2026, 11, 7, 7, 30));
    expect(nextDigestAt(weekly, 'weekly', Date.UTC(2026, 11, 7, 7, 30))).toBe(Date.UTC(2026, 11, 14, 7, 30));
    // Across the end of summer time (Sunday 25 Oct 2026): Monday 26 Oct 08:30 CET is 07:30 UTC.
    expect(nextDigestAt(weekly, 'weekly', Date.UTC(2026, 9, 20, 12))).toBe(Date.UTC(2026, 9, 26, 7, 30));
  });

  it('local times across zones', () => {
    expect(nextLocalTime(Date.UTC(2025, 5, 2, 10), 9 * 60, 'Asia/Kolkata')).toBe(Date.UTC(2025, 5, 3, 3, 30));
    expect(nextLocalTime(Date.UTC(2025, 5, 2, 10), 23 * 60 + 59, 'UTC')).toBe(Date.UTC(2025, 5, 2, 23, 59));
    expect(nextLocalTime(Date.UTC(2025, 11, 31, 23, 59), 0, 'UTC')).toBe(Date.UTC(2026, 0, 1));
  });
});
