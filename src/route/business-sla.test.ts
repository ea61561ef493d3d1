/**
 * Routing on a business calendar: due times, the next action's words, an owner's own time zone,
 * escalation on the same clock (nothing escalates on a Saturday), and Slack member ids on owners.
 */
import { describe, expect, it } from 'vitest';
import { escalate } from './escalate.ts';
import { routeQualification } from './route-qualification.ts';
import { facts, routingConfig, state, Workload } from './test-support.ts';

const config = routingConfig(`
  timezone: Europe/Berlin
  calendar:
    timezone: Europe/Berlin
    workdays: [mon, tue, wed, thu, fri]
    hours: "09:00-18:00"
    holidays: [2026-12-24, 2026-12-25]
  teams:
    ae:
      label: AE
      members:
        - { email: ana@vendor.example, name: Ana, slack_user_id: U024BE7LH }
    us:
      label: AE
      members:
        - { email: nick@vendor.example, name: Nick, timezone: America/New_York }
        - { email: olga@vendor.example, name: Olga }
  rules:
    - { name: hand_raiser, when: { hand_raiser: true }, owner: ae, notify: [sales-slack], sla: same_day }
    - name: burning
      when: { tier: burning }
      owner: ae
      notify: [sales-slack]
      sla: 1 business day
      escalate: { after: 2h, to: { email: boss@vendor.example }, notify: [managers] }
    - { name: hot, when: { tier: hot }, owner: us, notify: [sales-slack], sla: 4 business hours }
    - name: crm
      when: { tier: warm }
      owner: { trait: crm_owner, slack_user_id_trait: crm_owner_slack }
      notify: [sales-slack]
      sla: 4h
`);

/** Berlin wall-clock time in December (CET, UTC+1). */
const cet = (day: number, hour: number, minute = 0) => Date.UTC(2026, 11, day, hour - 1, minute);

describe('SLAs on the business calendar', () => {
  it('1 business day from Friday afternoon is Monday afternoon, not Saturday', () => {
    const decision = routeQualification(config, facts({ tier: 'burning', asOf: cet(4, 15) }), state());
    expect(decision.slaDueAt).toBe(cet(7, 15));
    expect(decision.nextAction).toBe('Follow up within 1 business day');
  });

  it('a lead that arrives on a holiday starts its clock at the next opening', () => {
    const decision = routeQualification(config, facts({ tier: 'burning', asOf: cet(24, 11) }), state());
    expect(decision.slaDueAt).toBe(cet(28, 18));
  });

  it('same_day is the end of the business day, the next one outside hours', () => {
    const due = (asOf: number) =>
      routeQualification(config, facts({ handRaiser: true, asOf }), state()).slaDueAt;
    expect(due(cet(7, 10))).toBe(cet(7, 18));
    expect(due(cet(5, 10))).toBe(cet(7, 18)); // a Saturday
    const words = routeQualification(config, facts({ handRaiser: true, asOf: cet(7, 10) }), state());
    expect(words.nextAction).toBe('Follow up by the end of the business day (18:00 Europe/Berlin)');
  });

  it("an owner with their own time zone gets the calendar's hours there", () => {
    const workload = new Workload();
    // Monday 7 Dec, 16:00 Berlin = 10:00 in New York: Nick (fewest leads, first listed) takes it.
    const first = routeQualification(config, facts({ tier: 'hot', asOf: cet(7, 16) }), workload.state());
    expect(first.owner?.email).toBe('nick@vendor.example');
    expect(first.slaDueAt).toBe(Date.UTC(2026, 11, 7, 19)); // 14:00 New York
    workload.record(first, cet(7, 16));
    // Olga works on Berlin hours: 2 h left on Monday, 2 h on Tuesday → Tuesday 11:00 Berlin.
    const second = routeQualification(config, facts({ tier: 'hot', asOf: cet(7, 16) }), workload.state());
    expect(second.owner?.email).toBe('olga@vendor.example');
    expect(second.slaDueAt).toBe(cet(8, 11));
  });

  it('plain durations stay on the wall clock', () => {
    const decision = routeQualification(
      config,
      facts({ tier: 'warm', asOf: cet(4, 17), traits: { crm_owner: 'kim@vendor.example' } }),
      state(),
    );
    expect(decision.slaDueAt).toBe(cet(4, 21));
  });
});

describe('escalation on the business clock', () => {
  const owner = { email: 'ana@vendor.example', name: 'Ana', team: 'AE' };
  const lead = { rule: 'burning', owner, slaDueAt: cet(4, 17), contactedAt: null, escalatedTo: null };
  const workload = new Workload();

  it('the grace period counts open hours: due Friday 17:00 + 2 h escalates Monday 10:00', () => {
    const saturday = escalate(config, lead, workload, cet(5, 12));
    expect(saturday).toMatchObject({ status: 'wait', reason: 'grace-period', breached: true });
    expect(saturday.nextCheckAt).toBe(cet(7, 10));
    expect(escalate(config, lead, workload, cet(7, 9, 59)).status).toBe('wait');
    expect(escalate(config, lead, workload, cet(7, 10))).toMatchObject({
      status: 'escalate',
      reassigned: true,
      owner: { email: 'boss@vendor.example' },
    });
  });

  it('a grace that ended while closed waits for the next opening', () => {
    const friday = { ...lead, slaDueAt: cet(4, 9) }; // grace ends Friday 11:00
    const sunday = escalate(config, friday, workload, cet(6, 20));
    expect(sunday).toMatchObject({ status: 'wait', nextCheckAt: cet(7, 9) });
    expect(sunday.detail).toContain('when business hours open again');
    expect(escalate(config, friday, workload, cet(7, 9)).status).toBe('escalate');
  });
});

describe('Slack member ids on owners', () => {
  it("come from the member's slack_user_id, also for a kept owner read back from the leads table", () => {
    const routed = routeQualification(config, facts({ tier: 'burning' }), state());
    expect(routed.owner).toEqual({
      email: 'ana@vendor.example',
      name: 'Ana',
      team: 'AE',
      slackUserId: 'U024BE7LH',
    });
    const kept = routeQualification(
      config,
      facts({ tier: 'burning' }),
      state({ existingOwner: { email: 'ana@vendor.example', name: 'Ana', team: 'AE' } }),
    );
    expect(kept.owner?.slackUserId).toBe('U024BE7LH');
  });

  it('come from a trait for an owner read from a trait (ignored unless it looks like a member id)', () => {
    const traits = { crm_owner: 'kim@vendor.example', crm_owner_slack: 'U0KIM1234' };
    const routed = routeQualification(config, facts({ tier: 'warm', traits }), state());
    expect(routed.owner?.slackUserId).toBe('U0KIM1234');
    const bad = routeQualification(
      config,
      facts({ tier: 'warm', traits: { ...traits, crm_owner_slack: '@kim' } }),
      state(),
    );
    expect(bad.owner?.slackUserId).toBeUndefined();
  });
});
