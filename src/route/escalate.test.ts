import { describe, expect, it } from 'vitest';
import { escalate, type LeadForEscalation } from './escalate.ts';
import { AS_OF, HOUR, routingConfig, Workload } from './test-support.ts';

const config = routingConfig(`
  timezone: UTC
  teams:
    ae: { label: AE, members: [a@vendor.example, b@vendor.example, c@vendor.example], max_open: 3 }
    solo: { members: [s@vendor.example] }
  rules:
    - name: burning
      when: { tier: burning }
      owner: ae
      notify: [sales-slack]
      sla: 4h
      escalate: { after: 1h, to: next_in_team, notify: [managers], sla: 2h }
    - name: hot
      when: { tier: hot }
      owner: ae
      notify: [sales-slack]
      sla: 24h
      escalate: { to: { email: Lead@vendor.example, name: Team Lead } }
    - name: solo
      when: { tier: warm }
      owner: solo
      notify: [sales-slack]
      sla: same_day
      escalate: { to: next_in_team }
    - name: notify_only
      when: { hand_raiser: true }
      owner: ae
      notify: [sales-slack]
      sla: 4h
      escalate: { notify: [managers] }
    - { name: quiet, owner: ae, notify: [sales-slack], sla: 4h }
`);

const owner = { email: 'a@vendor.example', name: null, team: 'AE' };
const due = AS_OF + 4 * HOUR;
const lead = (overrides: Partial<LeadForEscalation> = {}): LeadForEscalation => ({
  rule: 'burning',
  owner,
  slaDueAt: due,
  contactedAt: null,
  escalatedTo: null,
  ...overrides,
});

describe('escalate', () => {
  const workload = new Workload();

  it('waits until the due time, then through the grace period', () => {
    expect(escalate(config, lead(), workload, due - 1)).toMatchObject({
      status: 'wait',
      reason: 'not-breached',
      breached: false,
      nextCheckAt: due,
    });
    expect(escalate(config, lead(), workload, due)).toMatchObject({
      status: 'wait',
      reason: 'grace-period',
      breached: true,
      nextCheckAt: due + HOUR,
    });
  });

  it('re-routes to the next member of the team with a new SLA, and alerts the managers', () => {
    const w = new Workload();
    w.assign({ email: 'b@vendor.example', name: null, team: null }, AS_OF);
    const at = due + HOUR;
    const d = escalate(config, lead(), w, at);
    expect(d).toMatchObject({
      status: 'escalate',
      reason: 'escalated',
      breached: true,
      reassigned: true,
      owner: { email: 'c@vendor.example', team: 'AE' },
      destinations: ['managers'],
      slaDueAt: at + 2 * HOUR,
      escalatedTo: 'c@vendor.example',
    });
    expect(d.detail).toContain('Not contacted by');
  });

  it('skips members at the cap; with nobody left, keeps the owner and only notifies', () => {
    const w = new Workload();
    for (const email of ['b@vendor.example', 'c@vendor.example']) {
      for (let i = 0; i < 3; i++) w.assign({ email, name: null, team: null }, AS_OF);
    }
    const d = escalate(config, lead(), w, due + HOUR);
    expect(d).toMatchObject({
      status: 'escalate',
      reason: 'no-next-owner',
      reassigned: false,
      owner,
      destinations: ['managers'],
      slaDueAt: due,
      escalatedTo: 'managers',
    });
  });

  it('a team of one has no next owner', () => {
    const solo = { email: 's@vendor.example', name: null, team: 'solo' };
    const d = escalate(config, lead({ rule: 'solo', owner: solo }), workload, due);
    expect(d).toMatchObject({
      status: 'escalate',
      reason: 'no-next-owner',
      owner: solo,
      escalatedTo: 'nobody',
    });
  });

  it('re-routes to a named manager', () => {
    const d = escalate(config, lead({ rule: 'hot' }), workload, due);
    expect(d).toMatchObject({
      reason: 'escalated',
      reassigned: true,
      owner: { email: 'lead@vendor.example', name: 'Team Lead', team: null },
      slaDueAt: due + 24 * HOUR,
    });
  });

  it('notify-only escalation keeps the owner and the due time', () => {
    const d = escalate(config, lead({ rule: 'notify_only' }), workload, due);
    expect(d).toMatchObject({
      status: 'escalate',
      reason: 'escalated',
      reassigned: false,
      owner,
      destinations: ['managers'],
      slaDueAt: due,
      escalatedTo: 'managers',
    });
  });

  it('does nothing once contacted, without an SLA, twice, without escalate, or for a removed rule', () => {
    const late = due + 10 * HOUR;
    expect(escalate(config, lead({ contactedAt: due - 1 }), workload, late)).toMatchObject({
      status: 'none',
      reason: 'contacted',
      breached: false,
    });
    expect(escalate(config, lead({ slaDueAt: null }), workload, late).reason).toBe('no-sla');
    expect(escalate(config, lead({ escalatedTo: 'c@vendor.example' }), workload, late)).toMatchObject({
      status: 'none',
      reason: 'already-escalated',
      breached: true,
    });
    expect(escalate(config, lead({ rule: 'quiet' }), workload, late)).toMatchObject({
      reason: 'no-escalation',
      breached: true,
    });
    expect(escalate(config, lead({ rule: 'renamed' }), workload, late).reason).toBe('rule-not-found');
  });
});
