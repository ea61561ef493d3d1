import { describe, expect, it } from 'vitest';
import { routeQualification } from './route-qualification.ts';
import { AS_OF, DAY, facts, routingConfig, state } from './test-support.ts';

const config = routingConfig(`
  teams:
    ae: { members: [ae@vendor.example] }
  rules:
    - { name: qualified, when: { tier: [warm, hot, burning] }, owner: ae, notify: [sales-slack], sla: 4h }
    - { name: hand_raiser, when: { hand_raiser: true }, owner: ae, notify: [sales-slack], sla: 4h }
    - { name: rest }
`);

const owner = { email: 'ae@vendor.example', name: null, team: 'ae' };
const alerted = (tier: string | null, daysAgo: number, handRaiser = false) =>
  state({ existingOwner: owner, lastAlert: { tier, handRaiser, at: AS_OF - daysAgo * DAY } });

describe('cooldown (default 14 days)', () => {
  it('is 14 days unless configured', () => {
    expect(config.cooldownMs).toBe(14 * DAY);
  });

  it('same tier within the period → cooldown: no destinations, no new SLA, owner kept', () => {
    const d = routeQualification(config, facts({ tier: 'hot' }), alerted('hot', 3));
    expect(d).toMatchObject({
      status: 'cooldown',
      reason: 'cooldown',
      rule: 'qualified',
      owner,
      assignment: 'kept',
      destinations: [],
      digestDestinations: [],
      slaDueAt: null,
    });
    expect(d.detail).toContain('no repeat within 2 weeks');
  });

  it('a lower tier within the period → cooldown', () => {
    expect(routeQualification(config, facts({ tier: 'warm' }), alerted('hot', 1)).status).toBe('cooldown');
  });

  it('the tier rises above the last alerted one → alert, reason tier-rose', () => {
    const d = routeQualification(config, facts({ tier: 'burning' }), alerted('hot', 1));
    expect(d).toMatchObject({ status: 'alert', reason: 'tier-rose', destinations: ['sales-slack'] });
  });

  it('a hand-raiser after a non-hand-raiser alert counts as a rise; a second hand-raise does not', () => {
    const first = routeQualification(config, facts({ tier: 'hot', handRaiser: true }), alerted('hot', 1));
    expect(first).toMatchObject({ status: 'alert', reason: 'tier-rose' });
    const again = routeQualification(
      config,
      facts({ tier: 'hot', handRaiser: true }),
      alerted('hot', 1, true),
    );
    expect(again.status).toBe('cooldown');
  });

  it('after the period → alert again (at exactly 14 days the period is over)', () => {
    expect(routeQualification(config, facts({ tier: 'hot' }), alerted('hot', 14))).toMatchObject({
      status: 'alert',
      reason: 'cooldown-over',
    });
    expect(routeQualification(config, facts({ tier: 'hot' }), alerted('hot', 13.99)).status).toBe('cooldown');
  });

  it('never alerted → first-alert', () => {
    expect(routeQualification(config, facts(), state()).reason).toBe('first-alert');
  });

  it('a configured period, or off', () => {
    const short = routingConfig('cooldown: 2d\nrules: [{ name: all, notify: [sales-slack] }]');
    expect(routeQualification(short, facts(), alerted('hot', 1)).status).toBe('cooldown');
    expect(routeQualification(short, facts(), alerted('hot', 2)).status).toBe('alert');
    const off = routingConfig('cooldown: off\nrules: [{ name: all, notify: [sales-slack] }]');
    expect(off.cooldownMs).toBe(0);
    expect(routeQualification(off, facts(), alerted('hot', 0)).status).toBe('alert');
  });

  it('a rule that sends nothing is no-alert, never cooldown', () => {
    const d = routeQualification(config, facts({ tier: 'cold' }), alerted('hot', 1));
    expect(d).toMatchObject({ status: 'no-alert', reason: 'no-destinations', rule: 'rest' });
  });
});
