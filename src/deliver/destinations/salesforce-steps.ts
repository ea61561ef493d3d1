/**
 * The REST calls one Salesforce delivery makes, in order: find the person (Contact, then Lead),
 * create a Lead if allowed, patch the Kindling fields, find the owner's user, create the Task.
 * Responses are checked with small schemas: they cross a trust boundary.
 */
import { z } from 'zod';
import type { Alert } from '../alert.ts';
import { type DeliveryOutcome, dead, delivered } from '../outcome.ts';
import { signalsSummary } from '../render/alert-words.ts';
import { companyDomain } from './company-domain.ts';
import type { Step } from './library-call.ts';
import type { SalesforceConfig } from './salesforce.ts';
import { taskBody, taskSubject } from './task-text.ts';

/** A call relative to /services/data/vXX.X. */
export type SalesforceRequest = <T>(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body?: object,
) => Promise<Step<T>>;

export interface SalesforcePlan {
  readonly config: SalesforceConfig;
  readonly alert: Alert;
  readonly idempotencyKey: string;
}

const queryResult = z.looseObject({ records: z.array(z.looseObject({ Id: z.string() })) });
const saveResult = z.looseObject({ id: z.string() });
/** Long text areas hold 32 k characters; a summary has no need for that many. */
const SIGNALS_CHARS = 4000;

export async function runSalesforcePlan(
  request: SalesforceRequest,
  plan: SalesforcePlan,
): Promise<DeliveryOutcome> {
  const { alert, config } = plan;
  const email = alert.email;
  if (email === null) return dead(null, 'the alert has no e-mail to find a Salesforce Contact or Lead by');

  let person: { type: 'Contact' | 'Lead'; id: string } | null = null;
  for (const type of config.lookup) {
    const found = await queryFirst(
      request,
      `SELECT Id FROM ${type} WHERE Email = '${soqlString(email)}' LIMIT 1`,
    );
    if (!found.ok) return found.outcome;
    if (found.value !== null) {
      person = { type, id: found.value };
      break;
    }
  }
  const fields = {
    [config.fields.score]: alert.score,
    [config.fields.tier]: alert.tier ?? '',
    [config.fields.signals]: signalsSummary(alert, SIGNALS_CHARS),
  };
  if (person === null) {
    if (!config.create_missing_lead) return dead(null, 'no Contact or Lead has the alert e-mail');
    const created = await request<unknown>('POST', '/sobjects/Lead', { ...newLead(alert, email), ...fields });
    if (!created.ok) return created.outcome;
    const lead = saveResult.safeParse(created.value);
    if (!lead.success) return dead(201, 'Salesforce created a Lead but answered in an unexpected shape');
    person = { type: 'Lead', id: lead.data.id };
  } else {
    const updated = await request<unknown>('PATCH', `/sobjects/${person.type}/${person.id}`, fields);
    if (!updated.ok) return updated.outcome;
  }

  let taskId: string | null = null;
  if (config.create_task) {
    const task = await createTask(request, plan, person.id);
    if (!task.ok) return task.outcome;
    taskId = task.value;
  }
  return delivered(200, { objectType: person.type, id: person.id, taskId });
}

async function createTask(
  request: SalesforceRequest,
  plan: SalesforcePlan,
  whoId: string,
): Promise<Step<string | null>> {
  const { alert, config } = plan;
  let ownerId: string | null = null;
  const ownerEmail = alert.owner?.email;
  if (ownerEmail !== null && ownerEmail !== undefined) {
    const owner = await queryFirst(
      request,
      `SELECT Id FROM User WHERE Email = '${soqlString(ownerEmail)}' AND IsActive = true LIMIT 1`,
    );
    if (!owner.ok) return owner;
    ownerId = owner.value;
  }
  const due = alert.nextAction?.dueAt ?? alert.asOf;
  const task = {
    Subject: taskSubject(alert),
    Description: taskBody(alert, plan.idempotencyKey),
    WhoId: whoId,
    ActivityDate: due.slice(0, 10),
    ReminderDateTime: due,
    IsReminderSet: true,
    Status: 'Not Started',
    Priority: 'High',
    ...(ownerId === null ? {} : { OwnerId: ownerId }),
  };
  const key = config.task_key_field;
  // An upsert by external id makes retries safe; a plain create may duplicate after a lost response.
  const saved =
    key === undefined
      ? await request<unknown>('POST', '/sobjects/Task', task)
      : await request<unknown>(
          'PATCH',
          `/sobjects/Task/${key}/${encodeURIComponent(plan.idempotencyKey)}`,
          task,
        );
  if (!saved.ok) return saved;
  const parsed = saveResult.safeParse(saved.value);
  return { ok: true, value: parsed.success ? parsed.data.id : null };
}

async function queryFirst(request: SalesforceRequest, soql: string): Promise<Step<string | null>> {
  const result = await request<unknown>('GET', `/query?q=${encodeURIComponent(soql)}`);
  if (!result.ok) return result;
  const parsed = queryResult.safeParse(result.value);
  if (!parsed.success)
    return { ok: false, outcome: dead(200, 'Salesforce query answered in an unexpected shape') };
  return { ok: true, value: parsed.data.records[0]?.Id ?? null };
}

function newLead(alert: Alert, email: string): Record<string, string> {
  const parts = (alert.name ?? '')
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  const last = parts.length > 0 ? parts[parts.length - 1] : email.split('@')[0];
  return {
    ...(parts.length > 1 ? { FirstName: parts.slice(0, -1).join(' ') } : {}),
    LastName: last ?? email,
    Company: alert.company ?? companyDomain(alert) ?? '[not provided]',
    Email: email,
    LeadSource: 'Product',
  };
}

/** A SOQL string literal's content: backslash and quote escaped. */
export function soqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
