import { describe, expect, it } from 'vitest';
import { crmIntervalMs } from '../crm/crm-config.ts';
import { definitionVersion } from '../output/version.ts';
import { load, places } from '../testing.ts';

const SCORING = `
signals:
  used: { event: Used, within: 7d }
points: { used: 10 }
tiers: { cold: 0, warm: 10 }
`;

describe('crm:', () => {
  it('is returned beside the IR with its defaults, and leaves the definition version alone', () => {
    const without = load(SCORING);
    const withCrm = load(`${SCORING}
crm:
  every: 15m
  hubspot:
    token_env: HUBSPOT_TOKEN
    stages: { contractsent: opportunity, closedwon: won }
`);
    expect(withCrm.problems).toEqual([]);
    expect(withCrm.crm?.hubspot).toMatchObject({
      token_env: 'HUBSPOT_TOKEN',
      base_path: 'https://api.hubapi.com',
      email_trait: 'email',
      create_missing: false,
      create_properties: true,
      other_stages: 'opportunity',
    });
    expect(withCrm.crm === null ? null : crmIntervalMs(withCrm.crm)).toBe(900_000);
    expect(without.crm).toBeNull();
    expect(withCrm.ir && definitionVersion(withCrm.ir)).toBe(without.ir && definitionVersion(without.ir));
  });

  it('reports every problem at its place, never repeating a secret', () => {
    const result = load(`${SCORING}
crm:
  hubspot:
    token_env: pat-na1-secret
    stages: { closedwon: winning }
    tokn: x
  salesforce:
    access_token_env: SF_TOKEN
`);
    expect(places(result)).toEqual([
      'bad-value@11:16', // token_env: not a variable name
      'bad-value@12:26', // not an outcome
      'unknown-key@13:5',
      'missing-key@14:3', // salesforce needs instance_url
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('pat-na1-secret');
    expect(result.crm).toBeNull();
  });

  it('needs at least one CRM', () => {
    expect(places(load(`${SCORING}\ncrm: { every: 1h }\n`))).toEqual(['bad-value@9:6']);
  });
});
