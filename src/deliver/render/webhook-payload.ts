/**
 * The JSON body of a generic webhook, in the Standard Webhooks shape `{ type, timestamp, data }`.
 * The zod schema is the contract: the type derives from it and schemas/alert-webhook.schema.json is
 * generated from it (webhook-schema-file.ts). The body is the same on every attempt; only the
 * signature headers change.
 */
import { z } from 'zod';
import type { Alert, AlertOwner, AlertReason } from '../alert.ts';
import { deductionsOf, headline } from './alert-words.ts';

export const WEBHOOK_EVENT_TYPE = 'pql.qualified';

const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');

const reasonSchema = z
  .object({
    signal: z.string().describe("The signal's name in the definition: a key for machines."),
    text: z.string().describe('The behaviour with its evidence, in words: "Label: evidence".'),
    points: z.number().describe('What it added to the score: negative for a deduction.'),
    kind: z
      .enum(['hand_raiser', 'positive', 'negative'])
      .describe('A hand-raiser (listed first), a signal that added points, or one that took points away.'),
    label: z.string().describe('The behaviour alone: the signal label, else words from its definition.'),
    evidence: z.string().describe('The evidence alone.'),
  })
  .strict();

const ownerSchema = z
  .object({ email: z.string().nullable(), name: z.string().nullable(), team: z.string().nullable() })
  .strict();

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
    reasons: z.array(reasonSchema).describe('Hand-raisers first, then the strongest.'),
    owner: ownerSchema.nullable(),
    nextAction: z.object({ text: z.string(), dueAt: isoTime }).strict().nullable(),
    draft: z.object({ subject: z.string(), body: z.string() }).strict(),
    leadUrl: z.string().nullable(),
    headline: z
      .string()
      .describe(
        'The first line every destination shows: "SLA missed: …" for an escalation, what a hand-raiser did, else the tier and score.',
      ),
    deductions: z.array(reasonSchema).describe('What took points away, most first.'),
    person: z
      .object({ name: z.string().nullable(), email: z.string().nullable() })
      .strict()
      .nullable()
      .describe('The person behind the trigger: for an account, the member whose event qualified it.'),
    rule: z.string().nullable().describe('The routing rule that sent the alert.'),
    escalation: z
      .object({
        missedDueAt: isoTime.describe('When the first contact was due.'),
        previousOwner: ownerSchema.nullable().describe('Who held the lead when the SLA was missed.'),
        reassigned: z.boolean().describe('True when the lead moved to `owner`.'),
      })
      .strict()
      .nullable()
      .describe('Set when this is an SLA escalation of an earlier alert (same lead, new `id`).'),
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
  const person = alert.person ?? null;
  const escalation = alert.escalation ?? null;
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
      reasons: alert.reasons.map(reasonPayload),
      owner: ownerPayload(alert.owner),
      nextAction:
        alert.nextAction === null ? null : { text: alert.nextAction.text, dueAt: alert.nextAction.dueAt },
      draft: { subject: alert.draft.subject, body: alert.draft.body },
      leadUrl: alert.leadUrl,
      headline: headline(alert),
      deductions: deductionsOf(alert).map(reasonPayload),
      person: person === null ? null : { name: person.name, email: person.email },
      rule: alert.rule ?? null,
      escalation:
        escalation === null
          ? null
          : {
              missedDueAt: escalation.missedDueAt,
              previousOwner: ownerPayload(escalation.previousOwner),
              reassigned: escalation.reassigned,
            },
    },
  };
}

/** Reasons of alerts stored before kinds, labels and evidence were recorded get them from their text. */
function reasonPayload(reason: AlertReason): z.infer<typeof reasonSchema> {
  const at = reason.text.indexOf(': ');
  return {
    signal: reason.signal,
    text: reason.text,
    points: reason.points,
    kind: reason.kind ?? (reason.points < 0 ? 'negative' : 'positive'),
    label: reason.label ?? (at === -1 ? reason.text : reason.text.slice(0, at)),
    evidence: reason.evidence ?? (at === -1 ? reason.text : reason.text.slice(at + 2)),
  };
}

function ownerPayload(owner: AlertOwner | null): z.infer<typeof ownerSchema> | null {
  return owner === null ? null : { email: owner.email, name: owner.name, team: owner.team };
}
