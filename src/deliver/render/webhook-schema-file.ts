/**
 * schemas/alert-webhook.schema.json, generated from the payload's zod schema so the two cannot drift.
 * A test fails while the file is stale; `npx tsx src/deliver/write-webhook-schema.ts` rewrites it.
 */
import { z } from 'zod';
import { webhookPayloadSchema } from './webhook-payload.ts';

export const WEBHOOK_SCHEMA_PATH = 'schemas/alert-webhook.schema.json';

export function webhookJsonSchemaText(): string {
  const schema = z.toJSONSchema(webhookPayloadSchema, { target: 'draft-2020-12', io: 'output' });
  const document = {
    ...schema,
    $id: 'https://kindling.dev/schemas/alert-webhook.schema.json',
    title: 'Kindling alert webhook payload',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
