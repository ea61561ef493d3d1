/**
 * The requests one HubSpot delivery makes, in order. Contact and company writes are idempotent
 * (upsert, patch); the task is not, so on a retry we first look for the task an earlier attempt
 * may have created (its body carries the idempotency key).
 */
import type http from 'node:http';
import type https from 'node:https';
import type { Client } from '@hubspot/api-client';
import { FilterOperatorEnum as CompanyFilter } from '@hubspot/api-client/lib/codegen/crm/companies/index.js';
import {
  AssociationSpecAssociationCategoryEnum as Category,
  FilterOperatorEnum as TaskFilter,
} from '@hubspot/api-client/lib/codegen/crm/objects/tasks/index.js';
import type { Alert } from '../alert.ts';
import { type DeliveryOutcome, dead, delivered } from '../outcome.ts';
import { signalsSummary } from '../render/alert-words.ts';
import { companyDomain } from './company-domain.ts';
import type { HubspotConfig } from './hubspot.ts';
import type { Step } from './library-call.ts';
import { taskBody, taskSubject } from './task-text.ts';

export interface HubspotPlan {
  readonly config: HubspotConfig;
  readonly alert: Alert;
  readonly idempotencyKey: string;
  readonly attempt: number;
}

type Call = <T>(run: () => Promise<T>) => Promise<Step<T>>;

interface RequestContextLike {
  setHeaderParam(key: string, value: string): void;
  setAgent(agent: http.Agent | https.Agent): void;
}

/**
 * Headers and the socket agent, passed on every call: in client v13 the middleware built from
 * `defaultHeaders`/`httpAgent` is skipped unless call options are given, so we give our own.
 */
export function perCallOptions(agent: http.Agent | https.Agent, headers: Readonly<Record<string, string>>) {
  return {
    middlewareMergeStrategy: 'replace' as const,
    middleware: [
      {
        pre<C extends RequestContextLike>(context: C): Promise<C> {
          for (const [key, value] of Object.entries(headers)) context.setHeaderParam(key, value);
          context.setAgent(agent);
          return Promise.resolve(context);
        },
        post<R>(context: R): Promise<R> {
          return Promise.resolve(context);
        },
      },
    ],
  };
}

export interface HubspotRun {
  readonly client: Client;
  readonly call: Call;
  readonly options: ReturnType<typeof perCallOptions>;
}

/** HubSpot-defined association types (v4 association type ids). */
const TASK_TO_CONTACT = 204;
const TASK_TO_COMPANY = 192;
const SIGNALS_CHARS = 2000;

export async function runHubspotPlan(run: HubspotRun, plan: HubspotPlan): Promise<DeliveryOutcome> {
  const { alert, config } = plan;
  const { client, call, options } = run;
  const properties = {
    [config.properties.score]: String(alert.score),
    [config.properties.tier]: alert.tier ?? '',
    [config.properties.signals]: signalsSummary(alert, SIGNALS_CHARS),
  };

  let contactId: string | null = null;
  if (alert.email !== null) {
    const upsert = await call(() =>
      client.crm.contacts.batchApi.upsert(
        { inputs: [{ id: alert.email ?? '', idProperty: 'email', properties }] },
        options,
      ),
    );
    if (!upsert.ok) return upsert.outcome;
    contactId = upsert.value.results[0]?.id ?? null;
  }

  const company = await companyId(run, plan);
  if (!company.ok) return company.outcome;
  if (company.value !== null) {
    const update = await call(() =>
      client.crm.companies.basicApi.update(company.value ?? '', { properties }, undefined, options),
    );
    if (!update.ok) return update.outcome;
  }
  if (contactId === null && company.value === null) {
    return dead(
      null,
      'no HubSpot contact or company to update: the alert has no e-mail and no company matched',
    );
  }

  let taskId: string | null = null;
  if (config.create_task) {
    const task = await createTask(run, plan, { contactId, companyId: company.value });
    if (!task.ok) return task.outcome;
    taskId = task.value;
  }
  return delivered(200, { contactId, companyId: company.value, taskId });
}

async function companyId(run: HubspotRun, plan: HubspotPlan): Promise<Step<string | null>> {
  const { alert } = plan;
  const { client, call, options } = run;
  if (plan.config.company_match === 'entity_id') {
    return { ok: true, value: alert.entityType === 'account' ? alert.entityId : null };
  }
  const domain = companyDomain(alert);
  if (domain === null) return { ok: true, value: null };
  const found = await call(() =>
    client.crm.companies.searchApi.doSearch(
      {
        filterGroups: [{ filters: [{ propertyName: 'domain', operator: CompanyFilter.Eq, value: domain }] }],
        properties: ['domain'],
        limit: 1,
      },
      options,
    ),
  );
  return found.ok ? { ok: true, value: found.value.results[0]?.id ?? null } : found;
}

async function createTask(
  run: HubspotRun,
  plan: HubspotPlan,
  on: { contactId: string | null; companyId: string | null },
): Promise<Step<string>> {
  const { call, options } = run;
  const tasks = run.client.crm.objects.tasks;
  if (plan.attempt > 1) {
    const earlier = await call(() =>
      tasks.searchApi.doSearch(
        {
          filterGroups: [
            {
              filters: [
                {
                  propertyName: 'hs_task_body',
                  operator: TaskFilter.ContainsToken,
                  value: plan.idempotencyKey,
                },
              ],
            },
          ],
          limit: 1,
        },
        options,
      ),
    );
    if (!earlier.ok) return earlier;
    const id = earlier.value.results[0]?.id;
    if (id !== undefined) return { ok: true, value: id };
  }
  const owner = await ownerId(run, plan.alert);
  if (!owner.ok) return owner;
  const associations = [
    ...(on.contactId === null ? [] : [association(on.contactId, TASK_TO_CONTACT)]),
    ...(on.companyId === null ? [] : [association(on.companyId, TASK_TO_COMPANY)]),
  ];
  const properties: Record<string, string> = {
    hs_task_subject: taskSubject(plan.alert),
    hs_task_body: taskBody(plan.alert, plan.idempotencyKey),
    hs_timestamp: plan.alert.nextAction?.dueAt ?? plan.alert.asOf,
    hs_task_status: 'NOT_STARTED',
    hs_task_priority: plan.config.task_priority,
    hs_task_type: 'EMAIL',
    ...(owner.value === null ? {} : { hubspot_owner_id: owner.value }),
  };
  const created = await call(() => tasks.basicApi.create({ properties, associations }, options));
  return created.ok ? { ok: true, value: created.value.id } : created;
}

async function ownerId(run: HubspotRun, alert: Alert): Promise<Step<string | null>> {
  const { client, call, options } = run;
  const email = alert.owner?.email;
  if (email === null || email === undefined) return { ok: true, value: null };
  const page = await call(() => client.crm.owners.ownersApi.getPage(email, undefined, 1, undefined, options));
  return page.ok ? { ok: true, value: page.value.results[0]?.id ?? null } : page;
}

function association(id: string, typeId: number) {
  return { to: { id }, types: [{ associationCategory: Category.HubspotDefined, associationTypeId: typeId }] };
}
