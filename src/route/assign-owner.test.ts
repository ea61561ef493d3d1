import { describe, expect, it } from 'vitest';
import { routeQualification } from './route-qualification.ts';
import { AS_OF, facts, routingConfig, state, Workload } from './test-support.ts';

const MEMBERS = ['a@vendor.example', 'b@vendor.example', 'c@vendor.example'];

const config = routingConfig(`
  cooldown: off
  teams:
    ae:
      label: AE
      members: [a@vendor.example, { email: B@Vendor.example, name: Bea }, c@vendor.example]
    capped:
      members: [a@vendor.example, b@vendor.example]
      max_open: 2
      when_full: overflow
    overflow:
      members: [o@vendor.example]
      max_open: 1
    capped_person:
      members: [a@vendor.example]
      max_open: 1
      when_full: { email: Boss@vendor.example, name: The Boss, team_label: Managers }
    capped_nobody:
      members: [a@vendor.example]
      max_open: 1
    amer: { members: [us@vendor.example] }
    emea: { members: [eu@vendor.example] }
  rules:
    - { name: round_robin, when: { traits: { route: rr } }, owner: ae, notify: [sales-slack] }
    - { name: capped, when: { traits: { route: capped } }, owner: capped, notify: [sales-slack] }
    - { name: to_person, when: { traits: { route: person } }, owner: capped_person, notify: [sales-slack] }
    - { name: to_nobody, when: { traits: { route: nobody } }, owner: capped_nobody, notify: [sales-slack] }
    - name: territory
      when: { traits: { route: territory } }
      owner:
        territory: country
        map:
          - { in: [US, CA], owner: amer }
          - { in: [DE, FR], owner: { email: fr-de@vendor.example } }
        otherwise: emea
      notify: [sales-slack]
    - name: crm_owner
      when: { traits: { route: crm } }
      owner: { trait: crm_owner_email, name_trait: crm_owner_name, team_label: AE }
      notify: [sales-slack]
`);

const lead = (route: string, traits: Record<string, string> = {}) =>
  facts({ traits: { route, ...traits }, tier: 'hot' });

describe('round robin within a team', () => {
  it('is fair: 30 leads over 3 members → 10 each, in list order', () => {
    const workload = new Workload();
    const order: string[] = [];
    for (let i = 0; i < 30; i++) {
      const d = routeQualification(config, lead('rr'), workload.state());
      expect(d.assignment).toBe('round-robin');
      order.push(d.owner?.email ?? '');
      workload.record(d, AS_OF + i);
    }
    expect(order.slice(0, 6)).toEqual([...MEMBERS, ...MEMBERS]);
    for (const email of MEMBERS) expect(order.filter((e) => e === email)).toHaveLength(10);
  });

  it('gives the member with the fewest open leads; ties to the least recently assigned', () => {
    const workload = new Workload();
    workload.assign({ email: 'a@vendor.example', name: null, team: null }, AS_OF - 10);
    workload.assign({ email: 'b@vendor.example', name: null, team: null }, AS_OF - 30);
    workload.assign({ email: 'b@vendor.example', name: null, team: null }, AS_OF - 20);
    // c has none open: fewest wins.
    expect(routeQualification(config, lead('rr'), workload.state()).owner?.email).toBe('c@vendor.example');
    workload.assign({ email: 'c@vendor.example', name: null, team: null }, AS_OF - 5);
    workload.close('b@vendor.example');
    // a, b and c have one open each; b was assigned longest ago (AS_OF - 20).
    const d = routeQualification(config, lead('rr'), workload.state());
    expect(d.owner).toEqual({ email: 'b@vendor.example', name: 'Bea', team: 'AE' });
    expect(d.detail).toContain('b@vendor.example has 1 open lead, the fewest');
  });

  it('keeps an existing owner (stable), whatever the workload', () => {
    const existingOwner = { email: 'c@vendor.example', name: null, team: 'AE' };
    const workload = new Workload();
    for (let i = 0; i < 5; i++) workload.assign(existingOwner, AS_OF - i);
    const d = routeQualification(config, lead('rr'), workload.state({ existingOwner }));
    expect(d).toMatchObject({ owner: existingOwner, assignment: 'kept' });
  });
});

describe('capacity caps', () => {
  it('skip members at max_open, then fall back to when_full, then leave the lead unassigned', () => {
    const workload = new Workload();
    const owners: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const d = routeQualification(config, lead('capped'), workload.state());
      owners.push(d.owner?.email ?? null);
      workload.record(d, AS_OF + i);
    }
    // a, b take two each (cap 2); the overflow team takes one (cap 1); then nobody.
    expect(owners).toEqual([
      'a@vendor.example',
      'b@vendor.example',
      'a@vendor.example',
      'b@vendor.example',
      'o@vendor.example',
      null,
    ]);
    const last = routeQualification(config, lead('capped'), workload.state());
    expect(last).toMatchObject({ status: 'alert', owner: null, assignment: 'unassigned' });
    expect(last.detail).toContain('every member of capped is at the cap of 2 open leads');
    expect(last.detail).toContain('every member of overflow is at the cap of 1 open lead;');
  });

  it('a closed lead frees a place under the cap', () => {
    const workload = new Workload();
    for (let i = 0; i < 2; i++) workload.assign({ email: 'a@vendor.example', name: null, team: null }, AS_OF);
    for (let i = 0; i < 2; i++) workload.assign({ email: 'b@vendor.example', name: null, team: null }, AS_OF);
    workload.close('b@vendor.example');
    expect(routeQualification(config, lead('capped'), workload.state()).owner?.email).toBe(
      'b@vendor.example',
    );
  });

  it('fall back to a named person', () => {
    const workload = new Workload();
    workload.assign({ email: 'a@vendor.example', name: null, team: null }, AS_OF);
    const d = routeQualification(config, lead('person'), workload.state());
    expect(d).toMatchObject({
      owner: { email: 'boss@vendor.example', name: 'The Boss', team: 'Managers' },
      assignment: 'person',
    });
  });

  it('with no fallback, the lead is alerted unassigned, with the reason', () => {
    const workload = new Workload();
    workload.assign({ email: 'a@vendor.example', name: null, team: null }, AS_OF);
    const d = routeQualification(config, lead('nobody'), workload.state());
    expect(d).toMatchObject({ status: 'alert', owner: null, assignment: 'unassigned' });
    expect(d.detail).toContain('no fallback owner is configured');
  });
});

describe('territory and trait owners', () => {
  it('territory by trait value, with a default', () => {
    const owner = (country?: string) =>
      routeQualification(config, lead('territory', country === undefined ? {} : { country }), state()).owner
        ?.email;
    expect(owner('CA')).toBe('us@vendor.example');
    expect(owner('FR')).toBe('fr-de@vendor.example');
    expect(owner('JP')).toBe('eu@vendor.example');
    expect(owner()).toBe('eu@vendor.example');
  });

  it('the owner held by a trait (the account CRM owner), lower-cased, with a name', () => {
    const d = routeQualification(
      config,
      lead('crm', { crm_owner_email: ' Sam@Vendor.example ', crm_owner_name: 'Sam' }),
      state(),
    );
    expect(d).toMatchObject({
      owner: { email: 'sam@vendor.example', name: 'Sam', team: 'AE' },
      assignment: 'trait',
    });
  });

  it('an owner trait that changed in the CRM wins over the stored owner; the same one is kept', () => {
    const existingOwner = { email: 'old@vendor.example', name: null, team: 'AE' };
    const changed = routeQualification(
      config,
      lead('crm', { crm_owner_email: 'new@vendor.example' }),
      state({ existingOwner }),
    );
    expect(changed).toMatchObject({ owner: { email: 'new@vendor.example' }, assignment: 'trait' });
    const same = routeQualification(
      config,
      lead('crm', { crm_owner_email: 'OLD@vendor.example' }),
      state({ existingOwner }),
    );
    expect(same).toMatchObject({ owner: existingOwner, assignment: 'kept' });
    const unset = routeQualification(config, lead('crm'), state({ existingOwner }));
    expect(unset).toMatchObject({ owner: existingOwner, assignment: 'kept' });
  });

  it('an unset owner trait with no otherwise leaves the lead unassigned', () => {
    expect(routeQualification(config, lead('crm'), state())).toMatchObject({
      owner: null,
      assignment: 'unassigned',
    });
  });
});
