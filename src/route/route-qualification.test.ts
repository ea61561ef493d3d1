import { describe, expect, it } from 'vitest';
import { routeQualification } from './route-qualification.ts';
import { AS_OF, DAY, facts, HOUR, routingConfig, state } from './test-support.ts';

/** The seeds' frameworks, one rule each, in the order they must be tried. */
const config = routingConfig(`
  timezone: Europe/Paris
  day_ends_at: "18:00"
  teams:
    ae: { label: AE, members: [ae1@vendor.example, ae2@vendor.example] }
    sdr: { label: SDR, members: [sdr1@vendor.example] }
    csm: { label: CSM, members: [csm1@vendor.example] }
  rules:
    - name: expansion
      when: { traits: { account.is_customer: true } }
      owner: { trait: account.csm_email, name_trait: account.csm_name, team_label: CSM, otherwise: csm }
      notify: [cs-slack]
      sla: 2d
    - name: unactionable
      when:
        any:
          - { traits: { budget: none } }
          - { traits: { industry: { in: [Nonprofit, Government] } } }
      notify: [feedback]
    - name: hand_raiser
      when: { hand_raiser: true }
      owner: ae
      notify: [sales-slack, hubspot]
      sla: same_day
      next_action: Call today
    - name: burning
      when: { tier: burning }
      owner: ae
      notify: [sales-slack, sales-mail]
      sla: 4h
    - name: hot
      when: { tier: [hot] }
      owner: sdr
      notify: [sales-slack]
      sla: 24h
    - name: warm
      when: { tier: warm }
      notify: [nurture]
    - name: cold
`);

const route = (overrides: Parameters<typeof facts>[0]) =>
  routeQualification(config, facts(overrides), state());

describe('routing rules, first match wins', () => {
  it('existing customer → the CSM named by the account trait, for expansion', () => {
    const d = route({
      tier: 'burning',
      handRaiser: true,
      traits: { is_customer: true, csm_email: 'Kim@Vendor.example', csm_name: 'Kim Lee' },
    });
    expect(d).toMatchObject({
      rule: 'expansion',
      status: 'alert',
      reason: 'first-alert',
      owner: { email: 'kim@vendor.example', name: 'Kim Lee', team: 'CSM' },
      assignment: 'trait',
      destinations: ['cs-slack'],
      digestDestinations: [],
      slaDueAt: AS_OF + 2 * DAY,
      nextAction: 'Follow up within 2 days',
    });
  });

  it('existing customer without a CSM trait → round robin in the CSM team', () => {
    const d = route({ traits: { is_customer: true } });
    expect(d.owner).toEqual({ email: 'csm1@vendor.example', name: null, team: 'CSM' });
    expect(d.assignment).toBe('round-robin');
    expect(d.detail).toContain('account.csm_email is unset');
  });

  it('un-actionable (no budget, wrong vertical) → the product-feedback destination, no owner', () => {
    for (const traits of [{ budget: 'none' }, { industry: 'Government' }] as Record<string, string>[]) {
      expect(route({ tier: 'burning', traits })).toMatchObject({
        rule: 'unactionable',
        status: 'alert',
        owner: null,
        assignment: 'none',
        destinations: ['feedback'],
        slaDueAt: null,
        nextAction: null,
      });
    }
  });

  it('hand-raiser → an AE, due at the end of the working day in the routing time zone', () => {
    const d = route({ tier: 'warm', handRaiser: true });
    expect(d).toMatchObject({ rule: 'hand_raiser', status: 'alert', nextAction: 'Call today' });
    expect(d.owner?.team).toBe('AE');
    expect(d.destinations).toEqual(['sales-slack', 'hubspot']);
    // 10:00 UTC is 12:00 in Paris (summer time); 18:00 Paris is 16:00 UTC.
    expect(d.slaDueAt).toBe(Date.UTC(2025, 5, 2, 16, 0));
  });

  it('burning → an AE within 4 hours', () => {
    const d = route({ tier: 'burning' });
    expect(d).toMatchObject({ rule: 'burning', slaDueAt: AS_OF + 4 * HOUR });
    expect(d.nextAction).toBe('Follow up within 4 hours');
    expect(d.destinations).toEqual(['sales-slack', 'sales-mail']);
  });

  it('hot → an SDR within 24 hours', () => {
    const d = route({ tier: 'hot' });
    expect(d).toMatchObject({ rule: 'hot', slaDueAt: AS_OF + 24 * HOUR });
    expect(d.owner).toEqual({ email: 'sdr1@vendor.example', name: null, team: 'SDR' });
  });

  it('warm → automated nurture through a digest destination, nothing immediate', () => {
    const d = route({ tier: 'warm' });
    expect(d).toMatchObject({
      rule: 'warm',
      status: 'alert',
      destinations: [],
      digestDestinations: ['nurture'],
    });
  });

  it('cold → self-serve: the catch-all rule sends nothing', () => {
    expect(route({ tier: 'cold' })).toMatchObject({
      rule: 'cold',
      status: 'no-alert',
      reason: 'no-destinations',
      destinations: [],
      digestDestinations: [],
    });
  });

  it('without a catch-all, a lead no rule matches is not alerted', () => {
    const strict = routingConfig(`
      rules:
        - { name: burning, when: { tier: burning }, notify: [sales-slack] }
    `);
    expect(routeQualification(strict, facts({ tier: 'hot' }), state())).toMatchObject({
      rule: null,
      status: 'no-alert',
      reason: 'no-rule-matched',
    });
  });

  it('score and negated conditions', () => {
    const scored = routingConfig(`
      rules:
        - { name: high, when: { score: { gte: 90 }, not: { traits: { plan: free } } }, notify: [sales-slack] }
        - { name: rest, notify: [nurture] }
    `);
    const at = (score: number, plan: string) =>
      routeQualification(scored, facts({ score, traits: { plan } }), state()).rule;
    expect([at(95, 'team'), at(95, 'free'), at(89, 'team')]).toEqual(['high', 'rest', 'rest']);
  });

  it('a user definition reads the account under account.<key>', () => {
    const d = routeQualification(
      config,
      facts({ entityType: 'user', entityId: 'u1', traits: { 'account.is_customer': true } }),
      state(),
    );
    expect(d.rule).toBe('expansion');
    const notForUsers = routeQualification(
      config,
      facts({ entityType: 'user', entityId: 'u1', traits: { is_customer: true } }),
      state(),
    );
    expect(notForUsers.rule).toBe('hot');
  });

  it('rule digests: this rule to the digest, the same destination stays immediate for others', () => {
    const digesting = routingConfig(`
      rules:
        - { name: warm, when: { tier: warm }, digest: [sales-mail] }
        - { name: hot, notify: [sales-mail] }
    `);
    expect(digesting.digests['sales-mail']).toEqual({ at: 9 * 60, timezone: 'UTC', days: null });
    expect(digesting.digests.nurture).toEqual({ at: 8 * 60 + 30, timezone: 'UTC', days: null });
    const warm = routeQualification(digesting, facts({ tier: 'warm' }), state());
    expect(warm).toMatchObject({ status: 'alert', destinations: [], digestDestinations: ['sales-mail'] });
    const hot = routeQualification(digesting, facts({ tier: 'hot' }), state());
    expect(hot).toMatchObject({ destinations: ['sales-mail'], digestDestinations: [] });
  });
});
