/**
 * A local stand-in for the Salesforce REST endpoints the destination uses (query, sobjects create,
 * update, upsert by external id), with the status codes and bodies Salesforce documents. The CRM
 * sync's endpoints (collections, describe, Tooling custom fields, Opportunity queries) are in
 * fake-salesforce-sync.ts.
 */
import type { ServerResponse } from 'node:http';
import {
  handleSalesforceSync,
  type SalesforceSyncRecords,
  salesforceSyncRecords,
} from './fake-salesforce-sync.ts';
import { type FailNext, type RecordedRequest, replyJson, takeScriptedFailure } from './local-http-server.ts';

type SObject = Record<string, unknown> & { Id: string };

export interface FakeSalesforce {
  readonly records: Map<string, SObject[]>;
  readonly failNext: FailNext;
  /** Fields per type and the log of collection writes the CRM sync makes. */
  readonly sync: SalesforceSyncRecords;
  handle(request: RecordedRequest, response: ServerResponse): void;
}

const ID_PREFIX: Readonly<Record<string, string>> = {
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  Opportunity: '006',
  Task: '00T',
  User: '005',
};

export function fakeSalesforce(token: string, version: string): FakeSalesforce {
  const records = new Map<string, SObject[]>([
    ['Contact', []],
    ['Lead', []],
    ['Task', []],
    ['Account', []],
    ['Opportunity', []],
    ['User', [{ Id: '005000000000001', Email: 'sarah@vendor.example', IsActive: true }]],
  ]);
  const failNext: FakeSalesforce['failNext'] = new Map();
  const sync = salesforceSyncRecords();
  const table = (type: string) => records.get(type) ?? [];
  const newId = (type: string) =>
    `${ID_PREFIX[type] ?? '001'}${String(table(type).length + 1).padStart(12, '0')}`;
  const base = `/services/data/v${version}`;

  const handle = (request: RecordedRequest, response: ServerResponse) => {
    const url = new URL(request.url, 'http://x');
    const path = url.pathname.slice(base.length);
    if (takeScriptedFailure(failNext, path, response)) return;
    if (request.headers.authorization !== `Bearer ${token}`) {
      replyJson(response, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      return;
    }
    const body = (request.body === '' ? {} : JSON.parse(request.body)) as Record<string, unknown>;
    if (handleSalesforceSync({ base, table, newId, sync }, request.method, path, url, body, response)) return;
    const parts = path.split('/').filter((part) => part !== '');
    if (request.method === 'GET' && path === '/query') {
      const soql = url.searchParams.get('q') ?? '';
      const match = /FROM (\w+) WHERE Email = '((?:[^'\\]|\\.)*)'/.exec(soql);
      const email = match?.[2]?.replace(/\\(.)/g, '$1');
      const found = table(match?.[1] ?? '')
        .filter((r) => r.Email === email)
        .slice(0, 1);
      const type = match?.[1] ?? '';
      replyJson(response, 200, {
        totalSize: found.length,
        done: true,
        records: found.map((r) => ({
          attributes: { type, url: `${base}/sobjects/${type}/${r.Id}` },
          Id: r.Id,
        })),
      });
    } else if (request.method === 'POST' && parts.length === 2 && parts[0] === 'sobjects') {
      const type = parts[1] ?? '';
      const created = { ...body, Id: newId(type) };
      table(type).push(created);
      replyJson(response, 201, { id: created.Id, success: true, errors: [] });
    } else if (request.method === 'PATCH' && parts.length === 3 && parts[0] === 'sobjects') {
      const found = table(parts[1] ?? '').find((r) => r.Id === parts[2]);
      if (found === undefined) {
        replyJson(response, 404, [
          { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
        ]);
        return;
      }
      Object.assign(found, body);
      response.writeHead(204);
      response.end();
    } else if (request.method === 'PATCH' && parts.length === 4 && parts[0] === 'sobjects') {
      const [, type = '', field = '', value = ''] = parts;
      const key = decodeURIComponent(value);
      const found = table(type).find((r) => r[field] === key);
      if (found !== undefined) {
        Object.assign(found, body);
        replyJson(response, 200, { id: found.Id, success: true, errors: [], created: false });
      } else {
        const created = { ...body, [field]: key, Id: newId(type) };
        table(type).push(created);
        replyJson(response, 201, { id: created.Id, success: true, errors: [], created: true });
      }
    } else {
      replyJson(response, 404, [{ errorCode: 'NOT_FOUND', message: `no route ${request.method} ${path}` }]);
    }
  };
  return { records, failNext, sync, handle };
}
