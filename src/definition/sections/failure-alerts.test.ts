import { describe, expect, it } from 'vitest';
import { load, places } from '../testing.ts';

describe('on_failure on a destination', () => {
  it('names the destination told about failures, with a default of 30 minutes', () => {
    const result = load(`
      destinations:
        crm: { kind: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, on_failure: { alert: ops } }
        sync: { kind: hubspot, token_env: T, on_failure: { alert: ops, after: 2h } }
        ops: { kind: slack, webhook_url_env: OPS_URL }
      routing:
        rules: [{ name: all, notify: [crm, sync] }]
    `);
    // \`ops\` receives failure alerts, so it is not "unused".
    expect(result.problems).toEqual([]);
    expect(result.destinations?.crm?.on_failure).toEqual({ alert: 'ops', after: '30m' });
    expect(result.destinations?.sync?.on_failure).toEqual({ alert: 'ops', after: '2h' });
  });

  it('reports an unknown, own or unfit alert destination and a bad duration at their place', () => {
    const result = load(`
      destinations:
        crm: { kind: webhook, url_env: U, secret_env: S, on_failure: { alert: opps } }
        mail: { kind: email, host: smtp.example.com, from: a@b.example, on_failure: { alert: mail } }
        sync: { kind: hubspot, token_env: T, on_failure: { alert: crm, after: soon } }
        sf: { kind: salesforce, instance_url: https://x.my.salesforce.com, access_token_env: T, on_failure: { alert: sync } }
        ops: { kind: slack, webhook_url_env: OPS_URL }
      routing:
        rules: [{ name: all, notify: [crm, mail, sync, sf, ops] }]
    `);
    expect(places(result)).toEqual([
      'undefined-destination@5:73',
      'bad-value@6:88',
      'bad-value@7:73',
      'bad-value@8:112',
    ]);
    const messages = result.problems.map((p) => `${p.message} ${p.hint ?? ''}`);
    expect(messages[0]).toContain('Did you mean `ops`?');
    expect(messages[1]).toContain('cannot be told about its own failures');
    expect(messages[2]).toContain('a duration such as 30m');
    expect(messages[3]).toContain('names a hubspot destination');
  });
});
