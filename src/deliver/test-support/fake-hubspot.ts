/**
 * A local stand-in for the HubSpot CRM v3 endpoints the destination and the CRM sync (src/crm) use,
 * answering with the request and response shapes HubSpot documents. `failNext` scripts one failure
 * per path prefix. The sync's endpoints (batch read/create/update, properties, deals search, v4
 * associations) are in fake-hubspot-sync.ts.
 */
import type { ServerResponse } from 'node:http';
import { handleSyncRoute, type SyncRecords, syncRecords } from './fake-hubspot-sync.ts';
import { type FailNext, type RecordedRequest, replyJson, takeScriptedFailure } from './local-http-server.ts';

export interface FakeHubspot {
  readonly tasks: { id: string; properties: Record<string, string>; associations: unknown }[];
  readonly contacts: Map<string, { id: string; properties: Record<string, string> }>;
  readonly companies: Map<string, { id: string; properties: Record<string, string> }>;
  /** Path prefix → what to do instead of answering normally (once). */
  readonly failNext: FailNext;
  /** Deals, properties and the log of batch writes the CRM sync reads and makes. */
  readonly sync: SyncRecords;
  handle(request: RecordedRequest, response: ServerResponse): void;
}

const STAMP = '2024-05-01T12:00:00.000Z';
const record = (id: string, properties: Record<string, string>) => ({
  id,
  properties,
  createdAt: STAMP,
  updatedAt: STAMP,
  archived: false,
});

type Body = {
  inputs?: { id: string; idProperty: string; properties: Record<string, string> }[];
  properties?: Record<string, string>;
  associations?: unknown;
  filterGroups?: { filters: { propertyName: string; operator: string; value: string }[] }[];
};

export function fakeHubspot(token: string): FakeHubspot {
  const tasks: FakeHubspot['tasks'] = [];
  const contacts: FakeHubspot['contacts'] = new Map();
  const companies: FakeHubspot['companies'] = new Map([
    ['analytical.example', { id: '901', properties: { domain: 'analytical.example' } }],
  ]);
  const failNext: FakeHubspot['failNext'] = new Map();
  const sync = syncRecords();
  const owners = [
    { id: '77', email: 'sarah@vendor.example', firstName: 'Sarah', lastName: 'Chen', userId: 1 },
  ];

  const handle = (request: RecordedRequest, response: ServerResponse) => {
    const path = (request.url.split('?')[0] ?? '').replace(/\/$/, '');
    if (takeScriptedFailure(failNext, path, response)) return;
    if (request.headers.authorization !== `Bearer ${token}`) {
      replyJson(response, 401, {
        status: 'error',
        message: 'Authentication credentials not found.',
        category: 'INVALID_AUTHENTICATION',
      });
      return;
    }
    const body = (request.body === '' ? {} : JSON.parse(request.body)) as Body;
    const route = `${request.method} ${path}`;
    if (handleSyncRoute({ contacts, companies, sync }, route, request, response)) return;
    if (route === 'POST /crm/v3/objects/contacts/batch/upsert') {
      const results = (body.inputs ?? []).map((input) => {
        const existing = contacts.get(input.id);
        const contact = {
          id: existing?.id ?? String(500 + contacts.size + 1),
          properties: { ...existing?.properties, ...input.properties, email: input.id },
        };
        contacts.set(input.id, contact);
        return { ...record(contact.id, contact.properties), new: existing === undefined };
      });
      replyJson(response, 200, { status: 'COMPLETE', results, startedAt: STAMP, completedAt: STAMP });
    } else if (route === 'POST /crm/v3/objects/companies/search') {
      const domain = body.filterGroups?.[0]?.filters[0]?.value ?? '';
      const found = companies.get(domain);
      const results = found === undefined ? [] : [record(found.id, { domain })];
      replyJson(response, 200, { total: results.length, results });
    } else if (request.method === 'PATCH' && path.startsWith('/crm/v3/objects/companies/')) {
      const id = path.split('/').pop() ?? '';
      const company = [...companies.values()].find((c) => c.id === id);
      if (company === undefined) {
        replyJson(response, 404, {
          status: 'error',
          message: 'Object not found.',
          category: 'OBJECT_NOT_FOUND',
        });
        return;
      }
      Object.assign(company.properties, body.properties);
      replyJson(response, 200, record(id, company.properties));
    } else if (route === 'GET /crm/v3/owners') {
      const email = new URL(request.url, 'http://x').searchParams.get('email');
      replyJson(response, 200, {
        results: owners
          .filter((o) => o.email === email)
          .map((o) => ({ ...o, createdAt: STAMP, updatedAt: STAMP, archived: false })),
      });
    } else if (route === 'POST /crm/v3/objects/tasks/search') {
      const filter = body.filterGroups?.[0]?.filters[0];
      const found = tasks.filter(
        (t) => filter !== undefined && (t.properties[filter.propertyName] ?? '').includes(filter.value),
      );
      replyJson(response, 200, {
        total: found.length,
        results: found.map((t) => record(t.id, t.properties)),
      });
    } else if (route === 'POST /crm/v3/objects/tasks') {
      const task = {
        id: String(3000 + tasks.length + 1),
        properties: body.properties ?? {},
        associations: body.associations,
      };
      tasks.push(task);
      const hang = failNext.get('after-task-created');
      if (hang !== undefined) {
        failNext.delete('after-task-created');
        hang(response);
        return;
      }
      replyJson(response, 201, record(task.id, task.properties));
    } else {
      replyJson(response, 404, { status: 'error', message: `no route ${route}` });
    }
  };
  return { tasks, contacts, companies, failNext, sync, handle };
}
