/**
 * The HubSpot endpoints the CRM sync (src/crm) calls, for the fake in fake-hubspot.ts: contacts and
 * companies batch read / create / update (207 with `errors` for ids it does not know, as HubSpot
 * answers a partly failed batch), the company search with `IN`, properties read and batch create,
 * the deals search by `hs_lastmodifieddate`, and v4 association batch reads.
 */
import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './local-http-server.ts';
import { replyJson } from './local-http-server.ts';

type Stored = { id: string; properties: Record<string, string> };

export interface FakeDeal {
  readonly id: string;
  properties: Record<string, string>;
  companies: string[];
  contacts: string[];
}

export interface SyncRecords {
  /** Property names per object type (contacts, companies). */
  readonly properties: Map<string, Set<string>>;
  readonly deals: Map<string, FakeDeal>;
  /** Every record a batch update or create wrote, in order: how tests see duplicates. */
  readonly writes: { object: string; id: string; created: boolean; properties: Record<string, string> }[];
}

export function syncRecords(): SyncRecords {
  return {
    properties: new Map([
      ['contacts', new Set(['email', 'firstname', 'lastname'])],
      ['companies', new Set(['domain', 'name'])],
    ]),
    deals: new Map(),
    writes: [],
  };
}

interface Stores {
  readonly contacts: Map<string, Stored>;
  readonly companies: Map<string, Stored>;
  readonly sync: SyncRecords;
}

const STAMP = '2024-05-01T12:00:00.000Z';
const publicObject = (id: string, properties: Record<string, string>) => ({
  id,
  properties,
  createdAt: STAMP,
  updatedAt: properties.hs_lastmodifieddate ?? STAMP,
  archived: false,
});
const batchAnswer = (results: unknown[]) => ({
  status: 'COMPLETE',
  results,
  startedAt: STAMP,
  completedAt: STAMP,
});

type SyncBody = {
  inputs?: { id?: string; properties?: Record<string, string>; name?: string }[];
  idProperty?: string;
  filterGroups?: {
    filters: { propertyName: string; operator: string; value?: string; values?: string[] }[];
  }[];
  after?: string;
  limit?: number;
};

/** Answers the route if it is one of the sync's; false otherwise. */
export function handleSyncRoute(
  stores: Stores,
  route: string,
  request: RecordedRequest,
  response: ServerResponse,
): boolean {
  if (
    !route.startsWith('POST /crm/v3/objects/') &&
    !route.includes('/properties/') &&
    !route.includes('/crm/v4/')
  ) {
    return false;
  }
  const body = (request.body === '' ? {} : JSON.parse(request.body)) as SyncBody;
  const objects = /^POST \/crm\/v3\/objects\/(contacts|companies)\/batch\/(read|create|update)$/.exec(route);
  if (objects !== null) {
    const [, type = '', action = ''] = objects;
    const store = type === 'contacts' ? stores.contacts : stores.companies;
    const keyProperty = type === 'contacts' ? 'email' : 'domain';
    const byId = (id: string) => [...store.values()].find((r) => r.id === id);
    if (action === 'read') {
      const idProperty = body.idProperty;
      const found = (body.inputs ?? []).flatMap((input) => {
        const r =
          idProperty === keyProperty ? store.get((input.id ?? '').toLowerCase()) : byId(input.id ?? '');
        return r === undefined
          ? []
          : [publicObject(r.id, { ...r.properties, [keyProperty]: keyOf(store, r) })];
      });
      replyJson(response, 200, batchAnswer(found));
    } else if (action === 'create') {
      const results = (body.inputs ?? []).map((input) => {
        const properties = input.properties ?? {};
        const key = (properties[keyProperty] ?? '').toLowerCase();
        const created = {
          id: String((type === 'contacts' ? 500 : 900) + store.size + 1),
          properties: { ...properties },
        };
        store.set(key, created);
        stores.sync.writes.push({ object: type, id: created.id, created: true, properties });
        return publicObject(created.id, created.properties);
      });
      replyJson(response, 201, batchAnswer(results));
    } else {
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const input of body.inputs ?? []) {
        const r = byId(input.id ?? '');
        if (r === undefined) {
          missing.push(input.id ?? '');
          continue;
        }
        Object.assign(r.properties, input.properties);
        stores.sync.writes.push({
          object: type,
          id: r.id,
          created: false,
          properties: input.properties ?? {},
        });
        results.push(publicObject(r.id, r.properties));
      }
      if (missing.length === 0) replyJson(response, 200, batchAnswer(results));
      else
        replyJson(response, 207, {
          ...batchAnswer(results),
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Object not found',
              context: { ids: missing },
              links: {},
              errors: [],
            },
          ],
        });
    }
    return true;
  }
  if (
    route === 'POST /crm/v3/objects/companies/search' &&
    body.filterGroups?.[0]?.filters[0]?.operator === 'IN'
  ) {
    const values = new Set(body.filterGroups[0]?.filters[0]?.values ?? []);
    const results = [...stores.companies.entries()]
      .filter(([domain]) => values.has(domain))
      .map(([domain, r]) => publicObject(r.id, { domain }));
    replyJson(response, 200, { total: results.length, results });
    return true;
  }
  const properties = /^(GET|POST) \/crm\/v3\/properties\/(contacts|companies)(\/batch\/create)?$/.exec(route);
  if (properties !== null) {
    const [, method, type = ''] = properties;
    const names = stores.sync.properties.get(type) ?? new Set<string>();
    stores.sync.properties.set(type, names);
    if (method === 'GET') {
      replyJson(response, 200, { results: [...names].map((name) => property(name)) });
    } else {
      for (const input of body.inputs ?? []) names.add(input.name ?? '');
      replyJson(response, 201, batchAnswer((body.inputs ?? []).map((input) => property(input.name ?? ''))));
    }
    return true;
  }
  if (route === 'POST /crm/v3/objects/deals/search') {
    const since = body.filterGroups?.[0]?.filters.find(
      (f) => f.propertyName === 'hs_lastmodifieddate',
    )?.value;
    const all = [...stores.sync.deals.values()]
      .filter(
        (d) => since === undefined || Date.parse(d.properties.hs_lastmodifieddate ?? '') >= Number(since),
      )
      .sort(
        (a, b) =>
          Date.parse(a.properties.hs_lastmodifieddate ?? '') -
          Date.parse(b.properties.hs_lastmodifieddate ?? ''),
      );
    const start = Number(body.after ?? 0);
    const limit = body.limit ?? 10;
    const page = all.slice(start, start + limit);
    replyJson(response, 200, {
      total: all.length,
      results: page.map((d) => publicObject(d.id, d.properties)),
      ...(start + limit < all.length ? { paging: { next: { after: String(start + limit) } } } : {}),
    });
    return true;
  }
  const associations = /^POST \/crm\/v4\/associations\/deals\/(companies|contacts)\/batch\/read$/.exec(route);
  if (associations !== null) {
    const to = associations[1] === 'companies' ? 'companies' : 'contacts';
    const results = (body.inputs ?? []).flatMap((input) => {
      const deal = stores.sync.deals.get(input.id ?? '');
      const ids = deal?.[to] ?? [];
      return ids.length === 0
        ? []
        : [
            {
              from: { id: input.id },
              to: ids.map((id) => ({
                toObjectId: Number(id),
                associationTypes: [
                  { category: 'HUBSPOT_DEFINED', typeId: to === 'companies' ? 5 : 3, label: null },
                ],
              })),
            },
          ];
    });
    replyJson(response, 200, batchAnswer(results));
    return true;
  }
  return false;
}

function keyOf(store: Map<string, Stored>, r: Stored): string {
  return [...store.entries()].find(([, v]) => v === r)?.[0] ?? '';
}

function property(name: string) {
  return {
    name,
    label: name,
    type: 'string',
    fieldType: 'text',
    groupName: 'kindling',
    description: '',
    options: [],
    createdAt: STAMP,
    updatedAt: STAMP,
    archived: false,
  };
}
