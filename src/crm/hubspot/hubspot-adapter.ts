/**
 * HubSpot through `@hubspot/api-client` (CRM v3/v4): contacts matched by e-mail (batch read with
 * `idProperty: email`), companies by domain (a search with `IN`), both by record id when known;
 * batch create and batch update; the Kindling properties created with the properties batch API;
 * deals searched by `hs_lastmodifieddate`, with their companies and contacts (v4 associations).
 */
import { FilterOperatorEnum as CompanyFilter } from '@hubspot/api-client/lib/codegen/crm/companies/index.js';
import { FilterOperatorEnum as DealFilter } from '@hubspot/api-client/lib/codegen/crm/deals/index.js';
import {
  PropertyCreateFieldTypeEnum as FieldType,
  PropertyCreateTypeEnum as PropertyType,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import type { HubspotSyncConfig } from '../../definition/crm/crm-config.ts';
import type {
  BatchOutcome,
  CrmAdapter,
  CrmDeal,
  DealPage,
  PlannedChange,
  PushTarget,
} from '../crm-adapter.ts';
import type { CrmObject } from '../crm-state.ts';
import { PROPERTY_SPECS, type RecordValues, VALUE_KEYS } from '../record-values.ts';
import type { HubspotConnection } from './hubspot-client.ts';

const OBJECT_TYPE: Readonly<Record<CrmObject, 'contacts' | 'companies'>> = {
  contact: 'contacts',
  company: 'companies',
};
const GROUP: Readonly<Record<CrmObject, string>> = {
  contact: 'contactinformation',
  company: 'companyinformation',
};
const DEAL_PROPERTIES = [
  'dealstage',
  'amount',
  'closedate',
  'createdate',
  'hs_lastmodifieddate',
  'hs_is_closed',
  'hs_is_closed_won',
];
const DEALS_PER_PAGE = 100;

/** HubSpot's internal name of a Kindling value. */
export const hubspotProperty = (key: string): string => `kindling_${key}`;

export function hubspotAdapter(connection: HubspotConnection, config: HubspotSyncConfig): CrmAdapter {
  const { client, options, pacer } = connection;
  const call = <T>(run: () => Promise<T>) => pacer.call(run);

  /** Record ids for targets: known ids first, then by e-mail or domain. */
  async function match(object: CrmObject, targets: readonly PushTarget[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const t of targets) if (t.knownId !== null) ids.set(t.key, t.knownId);
    const rest = targets.filter((t) => t.knownId === null);
    if (object === 'contact') {
      const emails = [...new Set(rest.flatMap((t) => (t.email === null ? [] : [t.email])))];
      if (emails.length > 0) {
        const found = await call(() =>
          client.crm.contacts.batchApi.read(
            {
              inputs: emails.map((id) => ({ id })),
              idProperty: 'email',
              properties: ['email'],
              propertiesWithHistory: [],
            },
            false,
            options,
          ),
        );
        const byEmail = new Map(found.results.map((r) => [(r.properties.email ?? '').toLowerCase(), r.id]));
        for (const t of rest) {
          const id = t.email === null ? undefined : byEmail.get(t.email);
          if (id !== undefined) ids.set(t.key, id);
        }
      }
    } else {
      const domains = [...new Set(rest.flatMap((t) => (t.domain === null ? [] : [t.domain])))];
      if (domains.length > 0) {
        const found = await call(() =>
          client.crm.companies.searchApi.doSearch(
            {
              filterGroups: [
                { filters: [{ propertyName: 'domain', operator: CompanyFilter.In, values: domains }] },
              ],
              properties: ['domain'],
              limit: 100,
            },
            options,
          ),
        );
        const byDomain = new Map(found.results.map((r) => [(r.properties.domain ?? '').toLowerCase(), r.id]));
        for (const t of rest) {
          const id = t.domain === null ? undefined : byDomain.get(t.domain);
          if (id !== undefined) ids.set(t.key, id);
        }
      }
    }
    return ids;
  }

  /** Whether a target carries what creating its record needs. */
  const creatable = (object: CrmObject, t: PushTarget) =>
    (object === 'contact' ? t.email : t.domain) !== null;

  return {
    name: 'hubspot',
    batchSize: Math.min(config.batch_size ?? 100, 100),
    stats: () => ({ requests: pacer.requests, throttled: pacer.throttled }),
    close: () => connection.close(),

    async ensureSchema(dryRun) {
      const done: string[] = [];
      for (const object of ['contact', 'company'] as const) {
        const objectType = OBJECT_TYPE[object];
        const existing = await call(() =>
          client.crm.properties.coreApi.getAll(objectType, false, undefined, options),
        );
        const names = new Set(existing.results.map((p) => p.name));
        const missing = PROPERTY_SPECS.filter((spec) => !names.has(hubspotProperty(spec.key)));
        if (missing.length === 0) continue;
        done.push(...missing.map((spec) => `${objectType}.${hubspotProperty(spec.key)}`));
        if (dryRun) continue;
        await call(() =>
          client.crm.properties.batchApi.create(
            objectType,
            {
              inputs: missing.map((spec) => ({
                name: hubspotProperty(spec.key),
                label: spec.label,
                description: spec.description,
                groupName: GROUP[object],
                ...(spec.kind === 'number'
                  ? { type: PropertyType.Number, fieldType: FieldType.Number }
                  : spec.kind === 'boolean'
                    ? {
                        type: PropertyType.Bool,
                        fieldType: FieldType.Booleancheckbox,
                        options: [
                          { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
                          { label: 'No', value: 'false', displayOrder: 1, hidden: false },
                        ],
                      }
                    : { type: PropertyType.String, fieldType: FieldType.Text }),
              })),
            },
            options,
          ),
        );
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
      const api = client.crm[OBJECT_TYPE[object]].batchApi;
      const ids = await match(object, targets);
      const written: { key: string; recordId: string; created: boolean }[] = [];
      const failed: { key: string; reason: string }[] = [];
      const unmatched: string[] = [];
      const toCreate = targets.filter((t) => !ids.has(t.key) && createMissing && creatable(object, t));
      for (const t of targets) if (!ids.has(t.key) && !toCreate.includes(t)) unmatched.push(t.key);

      const toUpdate = targets.filter((t) => ids.has(t.key));
      if (toUpdate.length > 0) {
        const answer = await call(() =>
          api.update(
            {
              inputs: toUpdate.map((t) => ({
                id: ids.get(t.key) ?? '',
                properties: hubspotValues(t.values),
              })),
            },
            options,
          ),
        );
        const errors = 'errors' in answer ? (answer.errors ?? []) : [];
        const failedIds = new Map<string, string>();
        for (const e of errors)
          for (const id of e.context?.ids ?? []) failedIds.set(id, `${e.category}: ${e.message}`);
        const done = new Set(answer.results.map((r) => r.id));
        for (const t of toUpdate) {
          const id = ids.get(t.key) ?? '';
          if (done.has(id)) written.push({ key: t.key, recordId: id, created: false });
          else
            failed.push({ key: t.key, reason: failedIds.get(id) ?? `HubSpot did not update record ${id}` });
        }
      }
      if (toCreate.length > 0) {
        const keyProperty = object === 'contact' ? 'email' : 'domain';
        const answer = await call(() =>
          api.create(
            {
              inputs: toCreate.map((t) => ({
                properties: {
                  [keyProperty]: (object === 'contact' ? t.email : t.domain) ?? '',
                  ...hubspotValues(t.values),
                },
                associations: [],
              })),
            },
            options,
          ),
        );
        const byKey = new Map(
          answer.results.map((r) => [(r.properties[keyProperty] ?? '').toLowerCase(), r.id]),
        );
        for (const t of toCreate) {
          const id = byKey.get((object === 'contact' ? t.email : t.domain) ?? '');
          if (id !== undefined) written.push({ key: t.key, recordId: id, created: true });
          else failed.push({ key: t.key, reason: 'HubSpot did not create the record' });
        }
      }
      return { written, unmatched, failed };
    },

    async deals(since, page): Promise<DealPage> {
      const found = await call(() =>
        client.crm.deals.searchApi.doSearch(
          {
            filterGroups:
              since === null
                ? []
                : [
                    {
                      filters: [
                        {
                          propertyName: 'hs_lastmodifieddate',
                          operator: DealFilter.Gte,
                          value: String(since),
                        },
                      ],
                    },
                  ],
            sorts: ['hs_lastmodifieddate'],
            properties: DEAL_PROPERTIES,
            limit: DEALS_PER_PAGE,
            ...(page === null ? {} : { after: page }),
          },
          options,
        ),
      );
      const dealIds = found.results.map((r) => r.id);
      const companies = await associated(dealIds, 'companies');
      const contacts = await associated(dealIds, 'contacts');
      const domains = await propertyOf('companies', [...new Set([...companies.values()].flat())], 'domain');
      const emails = await propertyOf('contacts', [...new Set([...contacts.values()].flat())], 'email');
      const deals: CrmDeal[] = found.results.map((r) => {
        const p = r.properties;
        const companyIds = companies.get(r.id) ?? [];
        const contactIds = contacts.get(r.id) ?? [];
        return {
          id: r.id,
          stage: p.dealstage ?? '',
          amount: numberOrNull(p.amount),
          closeDate: timeOrNull(p.closedate),
          createdAt: timeOrNull(p.createdate),
          modifiedAt: timeOrNull(p.hs_lastmodifieddate) ?? r.updatedAt.getTime(),
          closed: boolOrNull(p.hs_is_closed),
          won: boolOrNull(p.hs_is_closed_won),
          companyIds,
          contactIds,
          domains: companyIds.flatMap((id) => domains.get(id) ?? []),
          emails: contactIds.flatMap((id) => emails.get(id) ?? []),
        };
      });
      return { deals, next: found.paging?.next?.after ?? null };
    },
  };

  async function associated(
    dealIds: readonly string[],
    to: 'companies' | 'contacts',
  ): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (dealIds.length === 0) return map;
    const answer = await call(() =>
      client.crm.associations.v4.batchApi.getPage(
        'deals',
        to,
        { inputs: dealIds.map((id) => ({ id })) },
        options,
      ),
    );
    for (const row of answer.results)
      map.set(
        row._from.id,
        row.to.map((t) => String(t.toObjectId)),
      );
    return map;
  }

  async function propertyOf(
    objectType: 'companies' | 'contacts',
    ids: readonly string[],
    property: string,
  ): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (let start = 0; start < ids.length; start += 100) {
      const chunk = ids.slice(start, start + 100);
      const answer = await call(() =>
        client.crm[objectType].batchApi.read(
          { inputs: chunk.map((id) => ({ id })), properties: [property], propertiesWithHistory: [] },
          false,
          options,
        ),
      );
      for (const r of answer.results) {
        const value = r.properties[property];
        if (value !== null && value !== undefined && value !== '') map.set(r.id, value.toLowerCase());
      }
    }
    return map;
  }
}

/** HubSpot takes every property value as a string; an empty string clears it. */
function hubspotValues(values: RecordValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of VALUE_KEYS) {
    const value = values[key];
    out[hubspotProperty(key)] = value === null ? '' : String(value);
  }
  return out;
}

function numberOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function timeOrNull(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const asNumber = Number(text);
  if (Number.isFinite(asNumber)) return asNumber;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function boolOrNull(text: string | null | undefined): boolean | null {
  return text === 'true' ? true : text === 'false' ? false : null;
}
