/** The complete example (examples/kindling.yml) routes the seeds' frameworks as its comments say. */
import { describe, expect, it } from 'vitest';
import { loadDefinitionFile } from '../definition/load-definition.ts';
import { routeQualification } from './route-qualification.ts';
import { AS_OF, facts, HOUR, state } from './test-support.ts';

const file = new URL('../../examples/kindling.yml', import.meta.url).pathname;
const { routing, destinations, problems } = await loadDefinitionFile(file);

function route(overrides: Parameters<typeof facts>[0]) {
  if (routing === null) throw new Error(`examples/kindling.yml has no routing: ${JSON.stringify(problems)}`);
  return routeQualification(routing, facts({ email: null, domain: 'acme.example', ...overrides }), state());
}

describe('examples/kindling.yml', () => {
  it('has routing and destinations, with no problem', () => {
    expect(problems).toEqual([]);
    expect(Object.keys(destinations ?? {})).toContain('sales-slack');
    expect(routing?.rules.map((r) => r.name)).toEqual([
      'expansion',
      'unactionable',
      'hand_raiser',
      'burning',
      'hot',
      'warm',
      'cold',
    ]);
  });

  it('routes each framework to its owner, destinations and SLA', () => {
    const customer = route({
      tier: 'burning',
      traits: { customer: true, crm_owner_email: 'omar.haddad@tinderbox.example' },
    });
    expect(customer).toMatchObject({
      rule: 'expansion',
      owner: { team: 'CSM' },
      destinations: ['cs-slack', 'hubspot'],
    });

    const nonprofit = route({ tier: 'burning', traits: { industry: 'Nonprofit' } });
    expect(nonprofit).toMatchObject({
      rule: 'unactionable',
      owner: null,
      destinations: ['product-feedback'],
    });

    const demo = route({ tier: 'warm', handRaiser: true, traits: { country: 'US' } });
    expect(demo).toMatchObject({ rule: 'hand_raiser', owner: { team: 'AE' }, nextAction: 'Call today' });
    expect(['maya.reed@tinderbox.example', 'jonas.berg@tinderbox.example']).toContain(demo.owner?.email);
    expect(demo.slaDueAt).toBe(Date.UTC(2025, 5, 2, 17)); // 18:00 in London (BST) that day

    const burning = route({ tier: 'burning', traits: { country: 'DE' } });
    expect(burning).toMatchObject({
      rule: 'burning',
      owner: { email: 'priya.shah@tinderbox.example', team: 'AE' },
      slaDueAt: AS_OF + 4 * HOUR,
    });

    expect(route({ tier: 'hot' })).toMatchObject({
      rule: 'hot',
      owner: { team: 'SDR' },
      slaDueAt: AS_OF + 24 * HOUR,
    });
    expect(route({ tier: 'warm' })).toMatchObject({
      rule: 'warm',
      destinations: [],
      digestDestinations: ['nurture-digest'],
    });
    expect(route({ tier: 'cold' })).toMatchObject({ rule: 'cold', status: 'no-alert' });
  });

  it('suppresses competitors, personal e-mail, active deals and churned accounts', () => {
    expect(route({ domain: 'emberboard.example' }).reason).toBe('competitor');
    expect(route({ email: 'someone@gmail.com', domain: null }).reason).toBe('personal-email');
    expect(route({ traits: { active_deal: true } }).reason).toBe('active-deal');
    const churned = routeQualification(
      routing ?? fail(),
      facts(),
      state({ churnedAt: AS_OF - 10 * 24 * HOUR }),
    );
    expect(churned.reason).toBe('recently-churned');
  });
});

function fail(): never {
  throw new Error('no routing');
}
