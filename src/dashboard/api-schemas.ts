/**
 * Request schemas of the dashboard's API: the routes validate with them and the OpenAPI document
 * (/api/openapi.json) is generated from them, so the two cannot drift apart.
 */
import { z } from 'zod';

export { leadQuerySchema } from './lead-list.ts';

export const entityTypeSchema = z.enum(['user', 'account']);

export const historyQuerySchema = z.object({
  days: z.coerce.number().int().min(2).max(90).default(30).describe('How many daily points, ending now.'),
});

export const contactedSchema = z.object({
  by: z.string().max(320).nullish().describe('Who made the contact (default: the lead owner).'),
});

export const snoozeSchema = z
  .object({
    until: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 time the snooze ends.'),
    hours: z
      .number()
      .positive()
      .max(24 * 90)
      .optional()
      .describe('Or: snooze for this many hours.'),
  })
  .refine((v) => (v.until === undefined) !== (v.hours === undefined), 'give exactly one of until and hours');

export const suppressSchema = z.object({
  reason: z.string().max(500).nullish().describe('Why (kept with the do-not-contact entry).'),
});

export const reassignSchema = z.object({
  owner: z.email().max(320).describe("The new owner's e-mail."),
  ownerName: z.string().max(200).nullish(),
});

export const deliveriesQuerySchema = z.object({
  failed: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only dead letters and deliveries whose last attempt failed.'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const streamQuerySchema = z.object({
  workspace: z
    .string()
    .optional()
    .describe('In --open mode, the workspace to follow (EventSource cannot send headers).'),
});
