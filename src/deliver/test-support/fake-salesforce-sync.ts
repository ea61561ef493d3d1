/**
 * The Salesforce REST endpoints the CRM sync (src/crm) calls, for the fake in fake-salesforce.ts:
 * SOQL queries of Contacts by `Email IN (…)`, Accounts by `<field> IN (…)` and Opportunities by
 * `LastModifiedDate >=` (with `Account.<field>` and `Contact.Email`), sObject Collections create and
 * update (`/composite/sobjects`, one result per record, `allOrNone: false`), `describe`, and custom
 * fields created through the Tooling API.
 */
import type { ServerResponse } from 'node:http';
import { replyJson } from './local-http-server.ts';

type SObject = Record<string, unknown> & { Id: string };

export interface SalesforceSyncRecords {
  /** Field names per sObject type, as `describe` lists them. */
  readonly fields: Map<string, Set<string>>;
  /** Every record a collection update or create wrote, in order. */
  readonly writes: { type: string; id: string; created: boolean; fields: Record<string, unknown> }[];
}

export function salesforceSyncRecords(): SalesforceSyncRecords {
  return {
    fields: new Map([
      ['Contact', new Set(['Id', 'Email', 'LastName', 'FirstName', 'AccountId', 'LeadSource'])],
      ['Account', new Set(['Id', 'Name', 'Website'])],
    ]),
    writes: [],
  };
}

interface Context {
  readonly base: string;
  readonly table: (type: string) => SObject[];
  readonly newId: (type: string) => string;
  readonly sync: SalesforceSyncRecords;
}

/** Answers the request if it is one of the sync's; false otherwise. */
export function handleSalesforceSync(
  ctx: Context,
  method: string,
  path: string,
  url: URL,
  body: unknown,
  response: ServerResponse,
): boolean {
  if (method === 'GET' && path === '/query') return query(ctx, url.searchParams.get('q') ?? '', response);
  if (path === '/composite/sobjects' && (method === 'PATCH' || method === 'POST')) {
    const records =
      (body as { records?: (Record<string, unknown> & { attributes?: { type?: string } })[] }).records ?? [];
    const results = records.map((input) => {
      const { attributes, ...fields } = input;
      const type = attributes?.type ?? '';
      const unknown = Object.keys(fields).filter(
        (f) => f !== 'Id' && !(ctx.sync.fields.get(type)?.has(f) ?? false),
      );
      if (unknown.length > 0) {
        return {
          id: null,
          success: false,
          errors: [
            {
              statusCode: 'INVALID_FIELD',
              message: `No such column '${unknown[0]}' on ${type}`,
              fields: unknown,
            },
          ],
        };
      }
      if (method === 'POST') {
        const created = { ...fields, Id: ctx.newId(type) };
        ctx.table(type).push(created);
        ctx.sync.writes.push({ type, id: created.Id, created: true, fields });
        return { id: created.Id, success: true, errors: [] };
      }
      const found = ctx.table(type).find((r) => r.Id === fields.Id);
      if (found === undefined) {
        return {
          id: null,
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
        };
      }
      Object.assign(found, fields);
      ctx.sync.writes.push({ type, id: found.Id, created: false, fields });
      return { id: found.Id, success: true, errors: [] };
    });
    replyJson(response, 200, results);
    return true;
  }
  const describe = /^\/sobjects\/(\w+)\/describe$/.exec(path);
  if (method === 'GET' && describe !== null) {
    const fields = [...(ctx.sync.fields.get(describe[1] ?? '') ?? [])].map((name) => ({
      name,
      type: 'string',
    }));
    replyJson(response, 200, { name: describe[1], fields });
    return true;
  }
  if (method === 'POST' && path === '/tooling/sobjects/CustomField') {
    const [type = '', field = ''] = String((body as { FullName?: string }).FullName ?? '').split('.');
    const fields = ctx.sync.fields.get(type) ?? new Set<string>();
    fields.add(field);
    ctx.sync.fields.set(type, fields);
    replyJson(response, 201, {
      id: `00N${String(fields.size).padStart(12, '0')}`,
      success: true,
      errors: [],
    });
    return true;
  }
  return false;
}

function query(ctx: Context, soql: string, response: ServerResponse): boolean {
  const inList = /^SELECT ([\w, .]+) FROM (Contact|Account) WHERE (\w+) IN \((.*)\)$/.exec(soql);
  if (inList !== null) {
    const [, , type = '', field = '', list = ''] = inList;
    const values = new Set(
      [...list.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1')),
    );
    const found = ctx.table(type).filter((r) => typeof r[field] === 'string' && values.has(String(r[field])));
    replyJson(response, 200, {
      totalSize: found.length,
      done: true,
      records: found.map((r) => ({ attributes: { type }, Id: r.Id, [field]: r[field] })),
    });
    return true;
  }
  const opportunities =
    /FROM Opportunity(?: WHERE LastModifiedDate >= (\S+))? ORDER BY LastModifiedDate, Id LIMIT (\d+)$/.exec(
      soql,
    );
  if (opportunities === null) return false;
  const since = opportunities[1] === undefined ? null : Date.parse(opportunities[1]);
  const domainField = /Account\.(\w+)/.exec(soql)?.[1] ?? 'Website';
  const found = ctx
    .table('Opportunity')
    .filter((o) => since === null || Date.parse(String(o.LastModifiedDate)) >= since)
    .sort((a, b) => Date.parse(String(a.LastModifiedDate)) - Date.parse(String(b.LastModifiedDate)))
    .slice(0, Number(opportunities[2]));
  const records = found.map((o) => {
    const account = ctx.table('Account').find((a) => a.Id === o.AccountId);
    const contact = ctx.table('Contact').find((c) => c.Id === o.ContactId);
    return {
      attributes: { type: 'Opportunity', url: `${ctx.base}/sobjects/Opportunity/${o.Id}` },
      ...o,
      Account:
        account === undefined
          ? null
          : { attributes: { type: 'Account' }, [domainField]: account[domainField] ?? null },
      Contact:
        contact === undefined ? null : { attributes: { type: 'Contact' }, Email: contact.Email ?? null },
    };
  });
  replyJson(response, 200, { totalSize: records.length, done: true, records });
  return true;
}
