/**
 * Salesforce through `jsforce` (REST): Contacts matched by Email and Accounts by their web address
 * (`account_domain_field`, default Website), both by Id when known; written with sObject
 * Collections (`/composite/sobjects`, 200 records a request, `allOrNone: false` so one bad record
 * fails alone); the Kindling custom fields created through the Tooling API when `describe` lacks
 * them; Opportunities read by LastModifiedDate. jsforce's errors carry no status, so the transport
 * remembers the last response (as the alert destination does) for 429 and Retry-After.
 */
import { Connection } from 'jsforce';
import { z } from 'zod';
import type { SalesforceSyncConfig } from '../../definition/crm/crm-config.ts';
import { RecordingTransport } from '../../deliver/destinations/salesforce-transport.ts';
import { checkResolvesPublic, type Resolve } from '../../deliver/network-guard.ts';
import type {
  BatchOutcome,
  CrmAdapter,
  CrmDeal,
  DealPage,
  PlannedChange,
  PushTarget,
} from '../crm-adapter.ts';
import type { CrmObject } from '../crm-state.ts';
import { normalizeDomain } from '../match-keys.ts';
import { Pacer, type PacerOptions, retryAfterMs } from '../pacer.ts';
import { PROPERTY_SPECS, type RecordValues, VALUE_KEYS } from '../record-values.ts';

/** Salesforce limits calls per day; this keeps a burst polite. */
export const SALESFORCE_RULE = { requests: 25, perMs: 1000 } as const;

const SOBJECT: Readonly<Record<CrmObject, 'Contact' | 'Account'>> = {
  contact: 'Contact',
  company: 'Account',
};

/** The API name of a Kindling value's custom field: `score` → `Kindling_Score__c`. */
export const salesforceField = (key: string): string =>
  `Kindling_${key
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('_')}__c`;

type Method = 'GET' | 'POST' | 'PATCH';
type Request = <T>(method: Method, url: string, body?: object) => Promise<T>;

export interface SalesforceConnection {
  readonly request: Request;
  readonly pacer: Pacer;
  /** Checks, before the first request, that the instance does not resolve to a private address. */
  readonly guard: () => Promise<void>;
}

export function connectSalesforce(
  config: SalesforceSyncConfig,
  token: string,
  deps: { resolve?: Resolve; sleep?: PacerOptions['sleep'] } = {},
): SalesforceConnection {
  const conn = new Connection({
    instanceUrl: config.instance_url.replace(/\/+$/, ''),
    accessToken: token,
    version: config.api_version,
  });
  const transport = new RecordingTransport();
  const rule =
    config.rate_limit === undefined
      ? SALESFORCE_RULE
      : { requests: config.rate_limit.requests, perMs: config.rate_limit.per_seconds * 1000 };
  const pacer = new Pacer({
    rule,
    timeoutMs: config.timeout_ms,
    maxRetries: config.max_retries,
    throttle: () => {
      const last = transport.last;
      if (last === null || last.statusCode < 300) return { status: null, retryAfterMs: null };
      return { status: last.statusCode, retryAfterMs: retryAfterMs(last.headers['retry-after'], Date.now()) };
    },
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  });
  const request: Request = <T>(method: Method, url: string, body?: object) =>
    pacer.call(() => {
      transport.last = null;
      return conn.request<T>(
        {
          method,
          url,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          headers: { 'content-type': 'application/json' },
        },
        { transport, timeout: config.timeout_ms, retry: { maxRetries: 0 } },
      );
    });
  let guarded = config.allow_private_network;
  const guard = async () => {
    if (guarded) return;
    const refused = await checkResolvesPublic(new URL(config.instance_url).hostname, deps.resolve);
    if (refused !== null) throw new Error(refused.message);
    guarded = true;
  };
  return { request, pacer, guard };
}

const queryResult = z.looseObject({
  records: z.array(z.looseObject({ Id: z.string() })),
  nextRecordsUrl: z.string().optional(),
});
const saveResults = z.array(
  z.looseObject({
    id: z.string().nullable().optional(),
    success: z.boolean(),
    errors: z.array(z.looseObject({ statusCode: z.string().optional(), message: z.string() })).default([]),
  }),
);
const describeResult = z.looseObject({ fields: z.array(z.looseObject({ name: z.string() })) });
const opportunity = z.looseObject({
  Id: z.string(),
  StageName: z.string(),
  Amount: z.number().nullable().optional(),
  CloseDate: z.string().nullable().optional(),
  CreatedDate: z.string().nullable().optional(),
  LastModifiedDate: z.string(),
  IsClosed: z.boolean().nullable().optional(),
  IsWon: z.boolean().nullable().optional(),
  AccountId: z.string().nullable().optional(),
  ContactId: z.string().nullable().optional(),
  Account: z.looseObject({}).nullable().optional(),
  Contact: z.looseObject({ Email: z.string().nullable().optional() }).nullable().optional(),
});

const OPPORTUNITIES_PER_PAGE = 2000;

export function salesforceAdapter(
  connection: SalesforceConnection,
  config: SalesforceSyncConfig,
): CrmAdapter {
  const { request, pacer } = connection;
  const domainField = config.account_domain_field;

  async function query(soql: string) {
    await connection.guard();
    return queryResult.parse(await request<unknown>('GET', `/query?q=${encodeURIComponent(soql)}`));
  }

  async function match(object: CrmObject, targets: readonly PushTarget[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const t of targets) if (t.knownId !== null) ids.set(t.key, t.knownId);
    const rest = targets.filter((t) => t.knownId === null);
    if (object === 'contact') {
      const emails = [...new Set(rest.flatMap((t) => (t.email === null ? [] : [t.email])))];
      if (emails.length === 0) return ids;
      const found = await query(
        `SELECT Id, Email FROM Contact WHERE Email IN (${emails.map(literal).join(', ')})`,
      );
      const byEmail = new Map(found.records.map((r) => [String(r.Email ?? '').toLowerCase(), r.Id]));
      for (const t of rest) {
        const id = t.email === null ? undefined : byEmail.get(t.email);
        if (id !== undefined) ids.set(t.key, id);
      }
      return ids;
    }
    const domains = [...new Set(rest.flatMap((t) => (t.domain === null ? [] : [t.domain])))];
    if (domains.length === 0) return ids;
    const variants = domains.flatMap((d) =>
      ['', 'www.', 'http://', 'https://', 'http://www.', 'https://www.'].map((p) => p + d),
    );
    const found = await query(
      `SELECT Id, ${domainField} FROM Account WHERE ${domainField} IN (${variants.map(literal).join(', ')})`,
    );
    const byDomain = new Map(found.records.map((r) => [normalizeDomain(String(r[domainField] ?? '')), r.Id]));
    for (const t of rest) {
      const id = t.domain === null ? undefined : byDomain.get(t.domain);
      if (id !== undefined) ids.set(t.key, id);
    }
    return ids;
  }

  const creatable = (object: CrmObject, t: PushTarget) =>
    (object === 'contact' ? t.email : t.domain) !== null;

  async function save(method: 'POST' | 'PATCH', records: readonly Record<string, unknown>[]) {
    await connection.guard();
    return saveResults.parse(
      await request<unknown>(method, '/composite/sobjects', { allOrNone: false, records }),
    );
  }

  return {
    name: 'salesforce',
    batchSize: Math.min(config.batch_size ?? 200, 200),
    stats: () => ({ requests: pacer.requests, throttled: pacer.throttled }),
    close: () => {},

    async ensureSchema(dryRun) {
      await connection.guard();
      const done: string[] = [];
      for (const object of ['contact', 'company'] as const) {
        const type = SOBJECT[object];
        const described = describeResult.parse(await request<unknown>('GET', `/sobjects/${type}/describe`));
        const names = new Set(described.fields.map((f) => f.name));
        for (const spec of PROPERTY_SPECS) {
          const name = salesforceField(spec.key);
          if (names.has(name)) continue;
          done.push(`${type}.${name}`);
          if (dryRun) continue;
          await request<unknown>('POST', '/tooling/sobjects/CustomField', {
            FullName: `${type}.${name}`,
            Metadata: {
              label: spec.label,
              description: spec.description,
              ...(spec.kind === 'number'
                ? { type: 'Number', precision: 18, scale: 2 }
                : spec.kind === 'boolean'
                  ? { type: 'Checkbox', defaultValue: 'false' }
                  : { type: 'Text', length: 255 }),
            },
          });
        }
      }
      return done;
    },

    async plan(object, targets, createMissing): Promise<PlannedChange[]> {
      const ids = await match(object, targets);
      return targets.map((t) => ({
        key: t.key,
        recordId: ids.get(t.key) ?? (createMissing && creatable(object, t) ? 'new' : null),
      }));
    },

    async push(object, targets, createMissing): Promise<BatchOutcome> {
      const type = SOBJECT[object];
      const ids = await match(object, targets);
      const written: { key: string; recordId: string; created: boolean }[] = [];
      const failed: { key: string; reason: string }[] = [];
      const unmatched: string[] = [];
      const toCreate = targets.filter((t) => !ids.has(t.key) && createMissing && creatable(object, t));
      for (const t of targets) if (!ids.has(t.key) && !toCreate.includes(t)) unmatched.push(t.key);
      const toUpdate = targets.filter((t) => ids.has(t.key));
      const collect = (
        batch: readonly PushTarget[],
        results: z.infer<typeof saveResults>,
        created: boolean,
      ) => {
        batch.forEach((t, i) => {
          const result = results[i];
          const id = result?.id ?? (created ? null : ids.get(t.key));
          if (result?.success === true && id !== null && id !== undefined) {
            written.push({ key: t.key, recordId: id, created });
          } else {
            const reason = result?.errors.map((e) => `${e.statusCode ?? 'ERROR'}: ${e.message}`).join('; ');
            failed.push({ key: t.key, reason: reason || 'Salesforce did not save the record' });
          }
        });
      };
      if (toUpdate.length > 0) {
        const results = await save(
          'PATCH',
          toUpdate.map((t) => ({ attributes: { type }, Id: ids.get(t.key), ...salesforceValues(t.values) })),
        );
        collect(toUpdate, results, false);
      }
      if (toCreate.length > 0) {
        const results = await save(
          'POST',
          toCreate.map((t) => ({
            attributes: { type },
            ...newRecord(object, t),
            ...salesforceValues(t.values),
          })),
        );
        collect(toCreate, results, true);
      }
      return { written, unmatched, failed };
    },

    async deals(since, page): Promise<DealPage> {
      await connection.guard();
      const soql =
        `SELECT Id, StageName, Amount, CloseDate, CreatedDate, LastModifiedDate, IsClosed, IsWon, AccountId, ` +
        `ContactId, Account.${domainField}, Contact.Email FROM Opportunity` +
        (since === null
          ? ''
          : ` WHERE LastModifiedDate >= ${new Date(since).toISOString().replace('.000Z', 'Z')}`) +
        ` ORDER BY LastModifiedDate, Id LIMIT ${OPPORTUNITIES_PER_PAGE}`;
      const raw =
        page === null
          ? await request<unknown>('GET', `/query?q=${encodeURIComponent(soql)}`)
          : await request<unknown>('GET', page.replace(/^\/services\/data\/v[\d.]+/, ''));
      const parsed = queryResult.parse(raw);
      const deals: CrmDeal[] = parsed.records.map((record) => {
        const r = opportunity.parse(record);
        const website = r.Account?.[domainField];
        const domain = typeof website === 'string' ? normalizeDomain(website) : null;
        const email = r.Contact?.Email?.toLowerCase() ?? null;
        return {
          id: r.Id,
          stage: r.StageName,
          amount: r.Amount ?? null,
          closeDate: timeOrNull(r.CloseDate),
          createdAt: timeOrNull(r.CreatedDate),
          modifiedAt: timeOrNull(r.LastModifiedDate) ?? 0,
          closed: r.IsClosed ?? null,
          won: r.IsWon ?? null,
          companyIds: r.AccountId ? [r.AccountId] : [],
          contactIds: r.ContactId ? [r.ContactId] : [],
          domains: domain === null ? [] : [domain],
          emails: email === null ? [] : [email],
        };
      });
      return { deals, next: parsed.nextRecordsUrl ?? null };
    },
  };

  function newRecord(object: CrmObject, t: PushTarget): Record<string, string> {
    if (object === 'contact') {
      const email = t.email ?? '';
      return { Email: email, LastName: email.split('@')[0] || email, LeadSource: 'Product' };
    }
    return { Name: t.domain ?? '', [domainField]: t.domain ?? '' };
  }
}

function salesforceValues(values: RecordValues): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const key of VALUE_KEYS) {
    const value = values[key];
    // A checkbox cannot be null.
    out[salesforceField(key)] = value === null && (key === 'fit' || key === 'hand_raiser') ? false : value;
  }
  return out;
}

/** A SOQL string literal. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function timeOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const ms = Date.parse(text.replace(/\+0000$/, 'Z'));
  return Number.isNaN(ms) ? null : ms;
}
