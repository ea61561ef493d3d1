import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleAlert } from '../test-support/sample-alert.ts';
import { renderWebhookPayload, webhookPayloadSchema } from './webhook-payload.ts';
import { WEBHOOK_SCHEMA_PATH, webhookJsonSchemaText } from './webhook-schema-file.ts';

const schemaFile = fileURLToPath(new URL(`../../../${WEBHOOK_SCHEMA_PATH}`, import.meta.url));
/** The contract as first published: fields may be added to it, never renamed, retyped or removed. */
const v1File = fileURLToPath(
  new URL('../../../schemas/history/alert-webhook.v1.schema.json', import.meta.url),
);

type JsonSchema = { [key: string]: unknown };
const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where `now` differs from `then` other than by added properties or changed descriptions. */
function breakingChanges(then: JsonSchema, now: JsonSchema, path: string): string[] {
  const found: string[] = [];
  for (const key of ['type', 'enum', 'const', 'format', 'pattern', 'minLength']) {
    if (JSON.stringify(then[key]) !== JSON.stringify(now[key])) found.push(`${path}: ${key} changed`);
  }
  const required = (schema: JsonSchema) => (Array.isArray(schema.required) ? schema.required : []);
  for (const name of required(then)) {
    if (!required(now).includes(name)) found.push(`${path}.${String(name)}: no longer required`);
  }
  const thenProps = isSchema(then.properties) ? then.properties : {};
  const nowProps = isSchema(now.properties) ? now.properties : {};
  for (const [name, sub] of Object.entries(thenProps)) {
    const current = nowProps[name];
    if (!isSchema(current)) found.push(`${path}.${name}: removed`);
    else if (isSchema(sub)) found.push(...breakingChanges(sub, current, `${path}.${name}`));
  }
  for (const key of ['items', 'anyOf']) {
    const a = then[key];
    const b = now[key];
    if (isSchema(a) && isSchema(b)) found.push(...breakingChanges(a, b, `${path}[]`));
    if (Array.isArray(a) && Array.isArray(b)) {
      a.forEach((item, i) => {
        const other = b[i];
        if (isSchema(item) && isSchema(other)) found.push(...breakingChanges(item, other, `${path}|${i}`));
      });
    }
  }
  return found;
}

/** A value with only the properties `schema` declares, recursively. */
function onlyDeclared(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value))
    return value.map((item) => (isSchema(schema.items) ? onlyDeclared(item, schema.items) : item));
  if (!isSchema(value)) return value;
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isSchema) : [schema];
  const declared = variants.find((v) => isSchema(v.properties));
  if (declared === undefined || !isSchema(declared.properties)) return value;
  const properties = declared.properties;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key in properties)
      .map(([key, item]) => {
        const sub = properties[key];
        return [key, isSchema(sub) ? onlyDeclared(item, sub) : item];
      }),
  );
}

describe('the webhook payload', () => {
  it('carries the whole alert under data, typed pql.qualified, timestamped at the as-of time', () => {
    const alert = sampleAlert();
    const payload = renderWebhookPayload(alert);
    expect(payload.type).toBe('pql.qualified');
    expect(payload.timestamp).toBe(alert.asOf);
    expect(payload.data).toMatchObject({ ...alert, reasons: expect.any(Array) });
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

describe('the webhook contract stays additive', () => {
  const v1 = JSON.parse(readFileSync(v1File, 'utf8'));
  const now = JSON.parse(webhookJsonSchemaText());

  it('keeps every field of the first published schema, with its type and requiredness', () => {
    expect(breakingChanges(v1, now, 'payload')).toEqual([]);
  });

  it('gives a v1 receiver, reading only the fields it knows, a payload that validates', () => {
    const fromV1 = z.fromJSONSchema(v1);
    const escalated = sampleAlert({
      escalation: {
        missedDueAt: '2024-05-01T14:00:00.000Z',
        previousOwner: { email: 'sarah@vendor.example', name: 'Sarah Chen', team: 'AE' },
        reassigned: true,
      },
      deductions: [{ signal: 'personal', text: 'Personal e-mail: email domain is "gmail.com"', points: -30 }],
    });
    for (const alert of [sampleAlert(), escalated]) {
      const payload = JSON.parse(JSON.stringify(renderWebhookPayload(alert)));
      expect(fromV1.safeParse(onlyDeclared(payload, v1)).success).toBe(true);
    }
  });
});
