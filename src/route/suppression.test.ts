import { describe, expect, it } from 'vitest';
import { routeQualification } from './route-qualification.ts';
import { AS_OF, DAY, facts, routingConfig, state } from './test-support.ts';

const config = routingConfig(`
  suppress:
    competitors: [rival.example, "@Other-Rival.example"]
    personal_email: true
    active_deal: { traits: { account.deal_stage: { in: [negotiation, proposal] } } }
    churned: { within: 90d, date_trait: churned_at, when: { traits: { churn_flag: true } } }
  teams:
    ae: { members: [ae@vendor.example] }
  rules:
    - { name: all_leads, owner: ae, notify: [sales-slack], sla: 4h }
`);

const decide = (f: Parameters<typeof facts>[0], s: Parameters<typeof state>[0] = {}) =>
  routeQualification(config, facts(f), state(s));

describe('suppression, each with its reason code, never alerted', () => {
  it('do-not-contact: the entry the caller found on the list', () => {
    const d = decide(
      {},
      { suppression: { kind: 'email', value: 'jane@acme.example', reason: 'asked us to stop' } },
    );
    expect(d).toMatchObject({
      status: 'suppressed',
      reason: 'do-not-contact',
      rule: null,
      owner: null,
      destinations: [],
      digestDestinations: [],
      slaDueAt: null,
    });
    expect(d.detail).toBe('The address jane@acme.example is on the do-not-contact list (asked us to stop).');
  });

  it('do-not-contact can be turned off (the list is still kept)', () => {
    const lax = routingConfig(`
      suppress: { do_not_contact: false }
      rules: [{ name: all_leads, notify: [sales-slack] }]
    `);
    const d = routeQualification(
      lax,
      facts(),
      state({ suppression: { kind: 'domain', value: 'acme.example', reason: null } }),
    );
    expect(d.status).toBe('alert');
  });

  it('competitor domains, including subdomains and the company domain', () => {
    expect(decide({ email: 'spy@rival.example' }).reason).toBe('competitor');
    expect(decide({ email: 'spy@eu.other-rival.example' }).reason).toBe('competitor');
    expect(decide({ email: null, domain: 'domain:rival.example' }).reason).toBe('competitor');
    expect(decide({ email: 'someone@notrival.example', domain: null }).status).toBe('alert');
  });

  it('personal e-mail domains unless the lead raised a hand', () => {
    const personal = decide({ email: 'jane.doe@gmail.com', domain: null });
    expect(personal).toMatchObject({ status: 'suppressed', reason: 'personal-email' });
    expect(decide({ email: 'jane.doe@gmail.com', domain: null, handRaiser: true }).status).toBe('alert');
  });

  it('accounts in an active deal (a trait condition)', () => {
    expect(decide({ traits: { deal_stage: 'proposal' } })).toMatchObject({
      status: 'suppressed',
      reason: 'active-deal',
    });
    expect(decide({ traits: { deal_stage: 'closed_lost' } }).status).toBe('alert');
  });

  it('recently churned: a churned outcome within the period, a churn date trait, or a flag', () => {
    expect(decide({}, { churnedAt: AS_OF - 89 * DAY }).reason).toBe('recently-churned');
    expect(decide({}, { churnedAt: AS_OF - 90 * DAY }).status).toBe('alert');
    expect(decide({ traits: { churned_at: new Date(AS_OF - 10 * DAY).toISOString() } }).reason).toBe(
      'recently-churned',
    );
    expect(decide({ traits: { churned_at: AS_OF - 100 * DAY } }).status).toBe('alert');
    expect(decide({ traits: { churn_flag: true } }).reason).toBe('recently-churned');
  });

  it('checks in a fixed order: do-not-contact first, churn last', () => {
    const d = decide(
      { email: 'x@gmail.com', traits: { deal_stage: 'proposal', churn_flag: true } },
      { suppression: { kind: 'domain', value: 'gmail.com', reason: null } },
    );
    expect(d.reason).toBe('do-not-contact');
    expect(decide({ email: 'x@gmail.com', traits: { deal_stage: 'proposal' } }).reason).toBe(
      'personal-email',
    );
  });

  it('suppression comes before cooldown and keeps the existing owner on the decision', () => {
    const owner = { email: 'ae@vendor.example', name: null, team: 'ae' };
    const d = decide(
      { email: 'spy@rival.example' },
      { existingOwner: owner, lastAlert: { tier: 'hot', handRaiser: false, at: AS_OF - DAY } },
    );
    expect(d).toMatchObject({ status: 'suppressed', reason: 'competitor', owner, assignment: 'kept' });
  });
});
