/**
 * `POST /api/outcomes`: what happened after a qualification (contacted, meeting, opportunity, won,
 * lost, churned), one outcome or `{ "outcomes": [...] }`. Outcomes for entities the store has never
 * seen are kept and listed as `unmatched`, never dropped.
 */
import { z } from 'zod';
import { parseIsoTimestamp } from '../../collect/timestamp.ts';
import { OUTCOME_TYPES, type OutcomeRow } from '../../store/store.ts';
import type { AppContext } from '../app-context.ts';
import { errorReply, json } from '../reply.ts';
import type { Route } from '../router.ts';
import { adminOnly, readJsonBody } from './admin.ts';

const MAX_OUTCOMES = 1000;

const outcomeSchema = z.object({
  entity_type: z.enum(['user', 'account']).default('account'),
  entity_id: z.string().min(1).max(1024),
  type: z.enum(OUTCOME_TYPES),
  amount: z.number().finite().nullish(),
  owner: z.string().max(320).nullish(),
  timestamp: z.string().max(64).nullish(),
});

export const outcomesBodySchema = z.union([
  z.object({ outcomes: z.array(outcomeSchema).min(1).max(MAX_OUTCOMES) }),
  outcomeSchema,
]);

export function outcomeRoutes(app: AppContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/outcomes',
      handle: adminOnly(app, async ({ req }, key) => {
        const body = await readJsonBody(req);
        if (!body.ok) return body.reply;
        const parsed = outcomesBodySchema.safeParse(body.value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return errorReply(
            400,
            'invalid-outcome',
            `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
            `Send {"entity_id", "type": one of ${OUTCOME_TYPES.join('|')}, "entity_type"?, "amount"?, "owner"?, "timestamp"?}, or {"outcomes": [...]}.`,
          );
        }
        const items = 'outcomes' in parsed.data ? parsed.data.outcomes : [parsed.data];
        const rows: OutcomeRow[] = [];
        for (const [index, o] of items.entries()) {
          const timestamp = o.timestamp == null ? app.now() : parseIsoTimestamp(o.timestamp);
          if (timestamp === null) {
            return errorReply(400, 'invalid-timestamp', `outcomes.${index}.timestamp is not ISO-8601.`);
          }
          rows.push({
            entityType: o.entity_type,
            entityId: o.entity_id,
            type: o.type,
            amount: o.amount ?? null,
            owner: o.owner ?? null,
            timestamp,
            source: 'api',
          });
        }
        const stored = await app.store.appendOutcomes(key.workspaceId, rows);
        const unmatched: { entity_type: string; entity_id: string }[] = [];
        for (const type of ['user', 'account'] as const) {
          const ids = [...new Set(rows.filter((r) => r.entityType === type).map((r) => r.entityId))];
          for (const id of await app.store.unknownEntities(key.workspaceId, type, ids)) {
            unmatched.push({ entity_type: type, entity_id: id });
          }
        }
        return json(201, { stored, unmatched });
      }),
    },
  ];
}
