/**
 * `GET /api/scores` and `GET /api/entities/:type/:id/explain`, scored with the key's workspace's
 * definition (its live version, or the server's file when that applies to it).
 */
import { parseIsoTimestamp } from '../../collect/timestamp.ts';
import { renderReceipt } from '../../score/explain/render-receipt.ts';
import { scoreRecord } from '../../score/score-record.ts';
import type { AppContext } from '../app-context.ts';
import { errorReply, json, type Reply } from '../reply.ts';
import type { Route } from '../router.ts';
import type { Scoring } from '../scoring.ts';
import { adminOnly } from './admin.ts';

const MAX_LIMIT = 10_000;

function asOfParam(url: URL, now: number): number | Reply {
  const text = url.searchParams.get('asOf');
  if (text === null || text === '') return now;
  return (
    parseIsoTimestamp(text) ?? errorReply(400, 'bad-as-of', `asOf must be an ISO-8601 time, got "${text}".`)
  );
}

function noDefinition(): Reply {
  return errorReply(
    409,
    'no-definition',
    'This workspace has no PQL definition to score with.',
    'Activate one (`kindling activate FILE --workspace ID`), or start the server with --definition FILE and --definition-workspace ID.',
  );
}

export function scoreRoutes(
  app: AppContext,
  scoringFor: (workspaceId: string) => Promise<Scoring | null>,
): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/scores',
      handle: adminOnly(app, async ({ url }, key) => {
        const scoring = await scoringFor(key.workspaceId);
        if (scoring === null) return noDefinition();
        const asOf = asOfParam(url, app.now());
        if (typeof asOf !== 'number') return asOf;
        const tier = url.searchParams.get('tier');
        const limit = Number(url.searchParams.get('limit') ?? 100);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
          return errorReply(400, 'bad-limit', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
        }
        if (tier !== null && !scoring.definition.tiers.some((t) => t.name === tier)) {
          return errorReply(400, 'unknown-tier', `No tier "${tier}" in ${scoring.definition.name}.`);
        }
        const scored = await scoring.score(key.workspaceId, asOf);
        if (!scored.ok) return errorReply(500, scored.error.code, scored.error.message);
        const ranked = scored.value
          .filter((s) => tier === null || s.tier === tier)
          .sort((a, b) => b.score - a.score || (a.entityId < b.entityId ? -1 : 1));
        return json(200, {
          definition: {
            name: scoring.definition.name,
            version: scoring.version,
            entity: scoring.definition.entity,
          },
          asOf: new Date(asOf).toISOString(),
          total: ranked.length,
          scores: ranked.slice(0, limit).map((s) => scoreRecord(s, scoring.version)),
        });
      }),
    },
    {
      method: 'GET',
      path: '/api/entities/:type/:id/explain',
      handle: adminOnly(app, async ({ url, params }, key) => {
        const scoring = await scoringFor(key.workspaceId);
        if (scoring === null) return noDefinition();
        const type = params.type;
        if (type !== 'user' && type !== 'account')
          return errorReply(400, 'bad-entity-type', 'Use user or account.');
        const asOf = asOfParam(url, app.now());
        if (typeof asOf !== 'number') return asOf;
        const explained = await scoring.explain(key.workspaceId, type, params.id ?? '', asOf);
        if (!explained.ok) return errorReply(400, explained.error.code, explained.error.message);
        if (explained.value === null)
          return errorReply(404, 'not-found', `No ${type} "${params.id}" as of that time.`);
        return json(200, {
          version: scoring.version,
          receipt: explained.value,
          text: renderReceipt(explained.value, asOf),
        });
      }),
    },
  ];
}
