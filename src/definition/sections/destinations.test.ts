import { describe, expect, it } from 'vitest';
import { load, only, places } from '../testing.ts';

describe('destinations', () => {
  it('are checked by the delivery schemas and returned as createDestinations takes them', () => {
    const result = load(`
      destinations:
        slack: { kind: slack, webhook_url_env: SLACK_URL }
        hook: { kind: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, timeout_ms: 5000 }
        mail: { kind: email, host: smtp.example.com, from: pql@vendor.example, digest: daily }
      routing:
        rules: [{ name: all, notify: [slack, hook, mail] }]
    `);
    expect(result.problems).toEqual([]);
    expect(result.destinations).toMatchObject({
      slack: {
        kind: 'slack',
        webhook_url_env: 'SLACK_URL',
        allow_private_network: false,
        timeout_ms: 10_000,
      },
      hook: { kind: 'webhook', timeout_ms: 5000 },
      mail: { kind: 'email', port: 587, to: [], to_owner: true },
    });
    // `digest` is routing's key, not the sender's.
    expect(result.destinations?.mail).not.toHaveProperty('digest');
    expect(result.routing?.digestOnly).toEqual(['mail']);
    expect(result.routing?.digests).toEqual({ mail: { at: 540, timezone: 'UTC', days: null } });
  });

  it('report each problem at its key or value, with a fix', () => {
    const result = load(`
      destinations:
        slack: { kind: slak, webhook_url_env: SLACK_URL }
        hook: { kind: webhook, url_env: HOOK_URL }
        mail: { kind: email, host: smtp.example.com, from: pql@vendor.example, user_env: U }
        Bad_Name: { kind: slack, webhook_url: https://hooks.slack.com/services/T/B/secret }
        nokind: { webhook_url_env: X }
      `);
    const errors = result.problems.filter((p) => p.severity === 'error');
    expect(places({ ...result, problems: errors })).toEqual([
      'bad-value@5:18',
      'missing-key@6:3',
      'missing-key@7:3',
      'bad-name@8:3',
      'missing-key@8:3',
      'unknown-key@8:28',
      'missing-key@9:3',
    ]);
    expect(errors[0]).toMatchObject({ hint: 'Did you mean `slack`?' });
    expect(errors[1]?.message).toBe('destination `hook` (webhook) is missing `secret_env`');
    expect(errors[2]?.message).toBe(
      'destination `mail` (email): set both user_env and password_env, or neither',
    );
    const unknown = errors[5];
    expect(unknown?.message).toContain('unknown key `webhook_url` in destination `Bad_Name`');
    expect(unknown?.hint).toContain('write `webhook_url_env: SOME_VARIABLE`');
    expect(result.ir).toBeNull();
    expect(result.destinations).toBeNull();
  });

  it('never repeat the value of an *_env key, which may be a pasted secret', () => {
    const problem = only(
      load(
        'destinations:\n  slack: { kind: slack, webhook_url_env: "https://hooks.slack.com/services/T/B/XYZ" }\n',
      ),
      'bad-value',
    );
    expect(problem.message).not.toContain('hooks.slack.com');
    expect(problem.message).toContain('not shown');
    expect(problem.hint).toContain('never the secret itself');
  });

  it('take a digest only where the sender can send one, at a valid time and zone', () => {
    const result = load(`
      destinations:
        hook: { kind: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET, digest: daily }
        mail: { kind: email, host: h.example, from: a@b.example, digest: { at: "25:00", timezone: Mars/Olympus } }
      routing:
        rules: [{ name: all, notify: [mail], digest: [hook] }]
    `);
    expect(places(result)).toEqual([
      'digest-not-supported@5:70',
      'bad-value@6:74',
      'bad-time-zone@6:93',
      'digest-not-supported@8:49',
    ]);
  });

  it('take a weekly digest (`on:` weekdays) on e-mail, Slack and log destinations', () => {
    const result = load(`
      destinations:
        slack: { kind: slack, webhook_url_env: SLACK_URL, digest: { at: "08:30", on: [mon] } }
        mail: { kind: email, host: h.example, from: a@b.example, digest: { on: [mon, thu], timezone: Europe/Paris } }
        console: { kind: log, digest: daily }
        bad: { kind: log, digest: { on: [monday] } }
      routing:
        digest_at: "07:00"
        rules: [{ name: all, notify: [slack, mail, console, bad] }]
    `);
    expect(places(result)).toEqual(['bad-value@8:36']);
    const fixed = load(`
      destinations:
        slack: { kind: slack, webhook_url_env: SLACK_URL, digest: { at: "08:30", on: [mon] } }
        mail: { kind: email, host: h.example, from: a@b.example, digest: { on: [thu, mon], timezone: Europe/Paris } }
        console: { kind: log, digest: daily }
      routing:
        digest_at: "07:00"
        rules: [{ name: all, notify: [slack, mail, console] }]
    `);
    expect(fixed.problems).toEqual([]);
    expect(fixed.routing?.digests).toEqual({
      slack: { at: 8 * 60 + 30, timezone: 'UTC', days: [1] },
      mail: { at: 7 * 60, timezone: 'Europe/Paris', days: [1, 4] },
      console: { at: 7 * 60, timezone: 'UTC', days: null },
    });
  });

  it('are warned about when nothing routes to them', () => {
    const result = load('destinations:\n  slack: { kind: slack, webhook_url_env: SLACK_URL }\n');
    expect(places(result)).toEqual(['unused-destination@5:3']);
    expect(result.ir).not.toBeNull();
    expect(result.routing).toBeNull();
    expect(result.destinations).toEqual({
      slack: {
        kind: 'slack',
        webhook_url_env: 'SLACK_URL',
        allow_private_network: false,
        timeout_ms: 10_000,
      },
    });
  });
});

describe('destinations and the network rule', () => {
  it('place a private address written in the file at its value, unless allow_private_network', () => {
    const result = load(`
      destinations:
        crm: { kind: hubspot, token_env: T, base_path: "http://169.254.169.254" }
        sf: { kind: salesforce, access_token_env: T, instance_url: "http://localhost:8080" }
        lab: { kind: hubspot, token_env: T, base_path: "http://10.0.0.5", allow_private_network: true }
      routing:
        rules: [{ name: all, notify: [crm, sf, lab] }]
    `);
    expect(places(result)).toEqual(['bad-value@5:50', 'bad-value@6:62']);
    expect(result.problems[0]?.message).toContain('allow_private_network: true');
  });
});
