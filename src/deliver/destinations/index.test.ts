import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDestinations, destinationsConfigSchema, isDigestDestination } from './index.ts';

const YAML = `
sales-slack:
  kind: slack
  webhook_url_env: KINDLING_SLACK_SALES_URL
crm-sync:
  kind: webhook
  url_env: KINDLING_HOOK_URL
  secret_env: KINDLING_HOOK_SECRET
  timeout_ms: 5000
  rate_limit: { requests: 10, per_seconds: 1, burst: 30 }
digest:
  kind: email
  host: smtp.example.com
  user_env: KINDLING_SMTP_USER
  password_env: KINDLING_SMTP_PASSWORD
  from: Kindling <alerts@example.com>
  to: [sales@example.com]
hubspot:
  kind: hubspot
  token_env: KINDLING_HUBSPOT_TOKEN
  rate_limit: { requests: 190, per_seconds: 10 }
salesforce:
  kind: salesforce
  instance_url: https://acme.my.salesforce.com
  access_token_env: KINDLING_SF_TOKEN
`;

describe('destinations configuration', () => {
  it('parses the documented YAML shape and builds every destination from the environment', () => {
    const config = destinationsConfigSchema.parse(parse(YAML));
    const env = {
      KINDLING_SLACK_SALES_URL: 'https://hooks.slack.com/services/T/B/x',
      KINDLING_HOOK_URL: 'https://example.com/hook',
      KINDLING_HOOK_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
      KINDLING_SMTP_USER: 'u',
      KINDLING_SMTP_PASSWORD: 'p',
      KINDLING_HUBSPOT_TOKEN: 't',
      KINDLING_SF_TOKEN: 's',
    };
    const built = createDestinations(config, { env });
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    expect([...built.value.keys()]).toEqual(['sales-slack', 'crm-sync', 'digest', 'hubspot', 'salesforce']);
    expect(built.value.get('hubspot')?.rateLimit.rule).toEqual({ requests: 190, perMs: 10_000 });
    expect(built.value.get('crm-sync')?.rateLimit.rule).toEqual({ requests: 10, perMs: 1000, burst: 30 });
    expect(built.value.get('sales-slack')?.rateLimit.rule).toEqual({ requests: 1, perMs: 1000, burst: 3 });
    const digest = built.value.get('digest');
    expect(digest !== undefined && isDigestDestination(digest)).toBe(true);
  });

  it('lists every missing variable at once', () => {
    const built = createDestinations(destinationsConfigSchema.parse(parse(YAML)), { env: {} });
    expect(built.ok ? [] : built.error.map((problem) => problem.path)).toEqual([
      'sales-slack.webhook_url_env',
      'crm-sync.url_env',
      'crm-sync.secret_env',
      'digest.user_env',
      'digest.password_env',
      'hubspot.token_env',
      'salesforce.access_token_env',
    ]);
  });

  it('accepts the example in docs/destinations.md', () => {
    const docs = readFileSync(
      fileURLToPath(new URL('../../../docs/destinations.md', import.meta.url)),
      'utf8',
    );
    const example = docs.split('```yaml')[1]?.split('```')[0] ?? '';
    const parsed = destinationsConfigSchema.safeParse(
      (parse(example) as { destinations: unknown }).destinations,
    );
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('rejects unknown keys, kinds and secrets written inline', () => {
    const result = destinationsConfigSchema.safeParse({
      a: { kind: 'slack', webhook_url: 'https://hooks.slack.com/services/x' },
      b: { kind: 'pager' },
    });
    expect(result.success).toBe(false);
  });
});
