/**
 * The JSON body of a generic webhook, in the Standard Webhooks shape `{ type, timestamp, data }`.
 * The zod schema is the contract: the type derives from it and schemas/alert-webhook.schema.json is
 * generated from it (webhook-schema-file.ts). The body is the same on every attempt; only the
 * signature headers change.
 */
import { z } from 'zod';
import type { Alert } from '../alert.ts';

export const WEBHOOK_EVENT_TYPE = 'pql.qualified';

const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');

export const webhookAlertSchema = z
  .object({
    id: z.string().min(1).describe('The qualification id; stable across retries.'),
    workspaceId: z.string(),
    entityType: z.enum(['user', 'account']),
    entityId: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    email: z.string().nullable(),
    score: z.number(),
    tier: z.string().nullable(),
    previousTier: z.string().nullable().describe('Set when the alert is a tier rise.'),
    handRaiser: z.boolean(),
    definition: z.object({ name: z.string(), version: z.string() }).strict(),
    asOf: isoTime,
    triggeringEvent: z.object({ event: z.string(), at: isoTime }).strict().nullable(),
    reasons: z
      .array(z.object({ signal: z.string(), text: z.string(), points: z.number() }).strict())
      .describe('Strongest first.'),
    owner: z
      .object({ email: z.string().nullable(), name: z.string().nullable(), team: z.string().nullable() })
      .strict()
      .nullable(),
    nextAction: z.object({ text: z.string(), dueAt: isoTime }).strict().nullable(),
    draft: z.object({ subject: z.string(), body: z.string() }).strict(),
    leadUrl: z.string().nullable(),
  })
  .strict();

export const webhookPayloadSchema = z
  .object({
    type: z.literal(WEBHOOK_EVENT_TYPE),
    timestamp: isoTime.describe('When the qualification happened (the alert as-of time).'),
    data: webhookAlertSchema,
  })
  .strict()
  .describe('A Kindling PQL alert, POSTed to a webhook destination and signed per Standard Webhooks.');

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Field by field, so a change to the internal Alert cannot silently change the public contract. */
export function renderWebhookPayload(alert: Alert): WebhookPayload {
  return {
    type: WEBHOOK_EVENT_TYPE,
    timestamp: alert.asOf,
    data: {
      id: alert.id,
      workspaceId: alert.workspaceId,
      entityType: alert.entityType,
      entityId: alert.entityId,
      name: alert.name,
      company: alert.company,
      email: alert.email,
      score: alert.score,
      tier: alert.tier,
      previousTier: alert.previousTier,
      handRaiser: alert.handRaiser,
      definition: { name: alert.definition.name, version: alert.definition.version },
      asOf: alert.asOf,
      triggeringEvent:
        alert.triggeringEvent === null
          ? null
          : { event: alert.triggeringEvent.event, at: alert.triggeringEvent.at },
      reasons: alert.reasons.map((reason) => ({
        signal: reason.signal,
        text: reason.text,
        points: reason.points,
      })),
      owner:
        alert.owner === null
          ? null
          : { email: alert.owner.email, name: alert.owner.name, team: alert.owner.team },
      nextAction:
        alert.nextAction === null ? null : { text: alert.nextAction.text, dueAt: alert.nextAction.dueAt },
      draft: { subject: alert.draft.subject, body: alert.draft.body },
      leadUrl: alert.leadUrl,
    },
  };
}
