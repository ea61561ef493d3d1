import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { renderWebhookPayload, webhookPayloadSchema } from './webhook-payload.ts';
import { WEBHOOK_SCHEMA_PATH, webhookJsonSchemaText } from './webhook-schema-file.ts';

const schemaFile = fileURLToPath(new URL(`../../../${WEBHOOK_SCHEMA_PATH}`, import.meta.url));

describe('the webhook payload', () => {
  it('carries the whole alert under data, typed pql.qualified, timestamped at the as-of time', () => {
    const alert = sampleAlert();
    const payload = renderWebhookPayload(alert);
    expect(payload.type).toBe('pql.qualified');
    expect(payload.timestamp).toBe(alert.asOf);
    expect(payload.data).toEqual({ ...alert });
    expect(webhookPayloadSchema.parse(payload)).toEqual(payload);
  });

  it(`${WEBHOOK_SCHEMA_PATH} is up to date (run: npx tsx src/deliver/write-webhook-schema.ts)`, () => {
    expect(existsSync(schemaFile) ? readFileSync(schemaFile, 'utf8') : null).toBe(webhookJsonSchemaText());
  });

  it('validates against the shipped JSON Schema, which rejects a payload missing a field', () => {
    const fromFile = z.fromJSONSchema(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const payload = renderWebhookPayload(
      sampleAlert({ owner: null, nextAction: null, triggeringEvent: null }),
    );
    expect(fromFile.safeParse(JSON.parse(JSON.stringify(payload))).success).toBe(true);
    const { score: _score, ...withoutScore } = payload.data;
    expect(fromFile.safeParse({ ...payload, data: withoutScore }).success).toBe(false);
    expect(fromFile.safeParse({ ...payload, type: 'other' }).success).toBe(false);
  });
});
