/**
 * The Segment-compatible collection API: `/v1/track`, `identify`, `group`, `page`, `screen`, `alias`,
 * `batch` (and `import`, its alias for historical data). A 2xx means the events are durably stored.
 */
import type { IncomingMessage } from 'node:http';
import { LIMITS } from '../../collect/limits.ts';
import type { SegmentType } from '../../collect/message-schema.ts';
import { normalizeMessage } from '../../collect/normalize.ts';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import { REJECTIONS } from '../../collect/rejections.ts';
import { droppedKeysNotice } from '../../collect/unsafe-keys.ts';
import { databaseErrorFields } from '../../lib/database-errors.ts';
import { isJsonObject } from '../../lib/json.ts';
import type { RejectedItem } from '../../store/store.ts';
import type { KeyRecord } from '../../workspace/keys.ts';
import type { AppContext } from '../app-context.ts';
import { type KeyCheck, keyFromHeaders, throttledReply } from '../auth.ts';
import { hasJsonContentType, parseJson, readBody } from '../read-body.ts';
import { type ErrorReply, errorReply, json, type Reply } from '../reply.ts';
import type { Route } from '../router.ts';

const SINGLE_TYPES: readonly SegmentType[] = ['track', 'identify', 'group', 'page', 'screen', 'alias'];
const EXCERPT_CHARS = 300;

type Authed =
  | { readonly ok: true; readonly key: KeyRecord; readonly body: unknown }
  | { readonly ok: false; readonly reply: Reply };

/** Content type, size, JSON, nesting, then the key (from headers, or `writeKey` in the body). */
async function authenticatedBody(
  app: AppContext,
  req: IncomingMessage,
  limit: number,
  limitName: string,
): Promise<Authed> {
  const headerKey = keyFromHeaders(req);
  const checked = headerKey === null ? null : await app.resolver.check(headerKey, req);
  if (checked !== null && !checked.ok) {
    req.resume();
    return { ok: false, reply: refusedKey(checked) };
  }
  const key = checked?.ok === true ? checked.key : null;
  const refuse = async (reply: ErrorReply): Promise<Authed> => {
    if (key !== null) await countRequestRejection(app, key, reply);
    return { ok: false, reply };
  };
  if (!hasJsonContentType(req)) {
    req.resume();
    return refuse(errorReply(415, 'unsupported-content-type', REJECTIONS['unsupported-content-type']));
  }
  const body = await readBody(req, limit, limitName);
  if (!body.ok) return refuse(body.error);
  const parsed = parseJson(body.value, LIMITS.jsonDepth);
  if (!parsed.ok) return refuse(parsed.error);
  if (key !== null) return { ok: true, key, body: parsed.value };
  const bodyKey = isJsonObject(parsed.value) ? parsed.value.writeKey : undefined;
  if (typeof bodyKey !== 'string' || bodyKey === '') return { ok: false, reply: unauthorized() };
  const fromBody = await app.resolver.check(bodyKey, req);
  return fromBody.ok
    ? { ok: true, key: fromBody.key, body: parsed.value }
    : { ok: false, reply: refusedKey(fromBody) };
}

function refusedKey(checked: Exclude<KeyCheck, { ok: true }>): Reply {
  return checked.throttled ? throttledReply(checked.retryAfterSeconds) : unauthorized();
}

function unauthorized(): Reply {
  return errorReply(
    401,
    'unauthorized',
    'A valid write key is required.',
    'Send the write key as the HTTP Basic user (as Segment SDKs do), or as "writeKey" in the body.',
  );
}

async function countRequestRejection(app: AppContext, key: KeyRecord, reply: ErrorReply): Promise<void> {
  const { code, message } = reply.body.error;
  const item: RejectedItem = { code, detail: message, index: null, messageId: null, excerpt: '' };
  await app.store.append(key.workspaceId, [], [item]);
}

/** Counted with the rejections (by code), though the message itself is stored. */
function noticeOf(message: NormalizedMessage, index: number | null): RejectedItem {
  return { ...droppedKeysNotice(message.droppedKeys), index, messageId: message.messageId, excerpt: '' };
}

function excerptOf(raw: unknown): string {
  try {
    return (JSON.stringify(raw) ?? '').slice(0, EXCERPT_CHARS);
  } catch {
    return '';
  }
}

function messageIdOf(raw: unknown): string | null {
  return isJsonObject(raw) && typeof raw.messageId === 'string'
    ? raw.messageId.slice(0, LIMITS.fieldChars)
    : null;
}

async function store(
  app: AppContext,
  key: KeyRecord,
  messages: NormalizedMessage[],
  rejected: RejectedItem[],
) {
  try {
    return { ok: true as const, outcome: await app.store.append(key.workspaceId, messages, rejected) };
  } catch (error) {
    app.log.error('commit failed', databaseErrorFields(error));
    return {
      ok: false as const,
      reply: errorReply(
        503,
        'store-unavailable',
        'The events could not be stored; nothing was acknowledged.',
        'Retry later.',
      ),
    };
  }
}

function singleRoute(app: AppContext, type: SegmentType): Route {
  return {
    method: 'POST',
    path: `/v1/${type}`,
    async handle({ req }) {
      const authed = await authenticatedBody(app, req, LIMITS.eventBytes, '32 KB per event');
      if (!authed.ok) return authed.reply;
      const result = normalizeMessage(authed.body, {
        receivedAt: app.now(),
        endpointType: type,
        batchSentAt: null,
      });
      if (!result.ok) {
        const { code, detail } = result.error;
        const item = {
          code,
          detail,
          index: null,
          messageId: messageIdOf(authed.body),
          excerpt: excerptOf(authed.body),
        };
        const stored = await store(app, authed.key, [], [item]);
        return stored.ok ? errorReply(400, code, detail) : stored.reply;
      }
      const dropped = result.value.droppedKeys;
      const notices = dropped.length === 0 ? [] : [noticeOf(result.value, null)];
      const stored = await store(app, authed.key, [result.value], notices);
      if (!stored.ok) return stored.reply;
      return json(
        200,
        dropped.length === 0
          ? { success: true }
          : { success: true, dropped: [{ index: null, keys: dropped }] },
      );
    },
  };
}

function batchRoute(app: AppContext, path: string): Route {
  return {
    method: 'POST',
    path,
    async handle({ req }) {
      const authed = await authenticatedBody(app, req, LIMITS.batchBytes, '500 KB per batch');
      if (!authed.ok) return authed.reply;
      const envelope = authed.body;
      const batch = isJsonObject(envelope) ? envelope.batch : undefined;
      if (!Array.isArray(batch)) {
        const reply = errorReply(400, 'missing-batch', REJECTIONS['missing-batch']);
        await countRequestRejection(app, authed.key, reply);
        return reply;
      }
      if (batch.length > LIMITS.batchEvents) {
        const reply = errorReply(
          400,
          'batch-too-many-events',
          `${REJECTIONS['batch-too-many-events']} This one has ${batch.length}.`,
        );
        await countRequestRejection(app, authed.key, reply);
        return reply;
      }
      const receivedAt = app.now();
      const sentAt = isJsonObject(envelope) && typeof envelope.sentAt === 'string' ? envelope.sentAt : null;
      const messages: NormalizedMessage[] = [];
      const rejected: RejectedItem[] = [];
      const notices: RejectedItem[] = [];
      const dropped: { index: number; keys: readonly string[] }[] = [];
      batch.forEach((raw, index) => {
        const result = normalizeMessage(raw, { receivedAt, endpointType: null, batchSentAt: sentAt });
        if (!result.ok) {
          rejected.push({ ...result.error, index, messageId: messageIdOf(raw), excerpt: excerptOf(raw) });
          return;
        }
        messages.push(result.value);
        if (result.value.droppedKeys.length === 0) return;
        notices.push(noticeOf(result.value, index));
        dropped.push({ index, keys: result.value.droppedKeys });
      });
      const stored = await store(app, authed.key, messages, [...rejected, ...notices]);
      if (!stored.ok) return stored.reply;
      return json(200, {
        success: true,
        stored: stored.outcome.stored,
        duplicates: stored.outcome.duplicates,
        rejected: rejected.map(({ index, code, detail }) => ({ index, code, message: detail })),
        ...(dropped.length === 0 ? {} : { dropped }),
      });
    },
  };
}

export function collectRoutes(app: AppContext): Route[] {
  return [
    ...SINGLE_TYPES.map((type) => singleRoute(app, type)),
    batchRoute(app, '/v1/batch'),
    batchRoute(app, '/v1/import'),
  ];
}
