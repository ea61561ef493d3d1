import { describe, expect, it } from 'vitest';
import { load, only, places, unindent } from '../testing.ts';

/** Tiers and a destination; the routing under test starts on line 6. */
const BASE = `tiers: { cold: 0, warm: 26, hot: 51, burning: 76 }
destinations:
  slack: { kind: slack, webhook_url_env: SLACK_URL }
`;
const routing = (text: string) => load(`${BASE}routing:\n${unindent(text).replace(/^/gm, '  ')}`);

describe('routing.calendar and business SLAs', () => {
  it('reads the calendar exactly as the issue writes it', () => {
    const result = routing(`
      calendar:
        timezone: Europe/Berlin
        workdays: [mon, tue, wed, thu, fri]
        hours: "09:00-18:00"
        holidays: [2026-12-25, 2026-12-24]
      teams:
        ae:
          members:
            - { email: Ana@Vendor.example, timezone: america/new_york, slack_user_id: U024BE7LH }
            - b@vendor.example
      rules:
        - { name: ae, when: { tier: burning }, owner: ae, notify: [slack], sla: 1 business day }
        - { name: hot, when: { tier: hot }, owner: ae, notify: [slack], sla: 4 business hours }
    `);
    expect(result.problems).toEqual([]);
    expect(result.routing?.calendar).toEqual({
      timezone: 'Europe/Berlin',
      workdays: [1, 2, 3, 4, 5],
      opensAt: 9 * 60,
      closesAt: 18 * 60,
      holidays: ['2026-12-24', '2026-12-25'],
    });
    expect(result.routing?.rules.map((r) => r.sla)).toEqual([
      { kind: 'business', count: 1, unit: 'day' },
      { kind: 'business', count: 4, unit: 'hour' },
    ]);
    expect(result.routing?.teams.ae?.members).toEqual([
      { email: 'ana@vendor.example', name: null, timezone: 'America/New_York', slackUserId: 'U024BE7LH' },
      { email: 'b@vendor.example', name: null, timezone: null, slackUserId: null },
    ]);
  });

  it('defaults: the routing time zone, Monday to Friday, no holidays', () => {
    const result = routing(`
      timezone: Europe/London
      calendar: { hours: "08:30-17:00" }
      rules:
        - { name: all, notify: [slack], sla: same_day }
    `);
    expect(result.problems).toEqual([]);
    expect(result.routing?.calendar).toEqual({
      timezone: 'Europe/London',
      workdays: [1, 2, 3, 4, 5],
      opensAt: 8 * 60 + 30,
      closesAt: 17 * 60,
      holidays: [],
    });
  });

  it('reports every bad calendar value at its file:line:col', () => {
    const result = routing(`
      calendar:
        timezone: Europe/Berlinn
        workdays: [mon, tue, funday]
        hours: "18:00-09:00"
        holidays: [2026-12-25, 2026-02-30]
        open: true
      rules:
        - { name: all, notify: [slack], sla: 3 business weeks }
    `);
    expect(places(result)).toEqual([
      'bad-time-zone@9:15',
      'bad-value@10:26',
      'bad-value@11:12',
      'bad-value@12:28',
      'unknown-key@13:5',
      'bad-duration@15:42',
    ]);
    expect(only(result, 'bad-time-zone').message).toContain('Europe/Berlinn');
    expect(result.problems.find((p) => p.line === 11)?.message).toContain('must open before it closes');
    expect(result.problems.find((p) => p.line === 12)?.message).toContain('2026-02-30');
    expect(result.routing).toBeNull();
  });

  it('a business SLA without a calendar is an error at the SLA, with the fix', () => {
    const result = routing(`
      rules:
        - { name: all, notify: [slack], sla: 8 business hours, escalate: { notify: [slack], sla: 2 business days } }
    `);
    expect(places(result)).toEqual(['missing-key@9:42', 'missing-key@9:94']);
    expect(result.problems[0]?.message).toBe(
      'a business SLA counts open hours, but `routing` has no `calendar`',
    );
    expect(result.problems[0]?.hint).toContain('calendar:');
  });

  it('member fields and trait owners are checked too', () => {
    const result = routing(`
      teams:
        ae: { members: [{ email: a@vendor.example, timezone: Mars/Olympus, slack_user_id: jo }] }
      rules:
        - name: all
          owner: { trait: crm_owner, slack_user_id_trait: crm_owner_slack, otherwise: ae }
          notify: [slack]
    `);
    expect(places(result)).toEqual(['bad-time-zone@9:58', 'bad-value@9:87']);
  });
});
