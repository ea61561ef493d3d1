/** Rewrites schemas/alert-webhook.schema.json: `npx tsx src/deliver/write-webhook-schema.ts`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WEBHOOK_SCHEMA_PATH, webhookJsonSchemaText } from './render/webhook-schema-file.ts';

const target = fileURLToPath(new URL(`../../${WEBHOOK_SCHEMA_PATH}`, import.meta.url));
const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
const next = webhookJsonSchemaText();
if (next !== current) writeFileSync(target, next);
console.log(`${next === current ? 'up to date' : 'wrote'} ${WEBHOOK_SCHEMA_PATH}`);
