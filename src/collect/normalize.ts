/**
 * One Segment message in, one `NormalizedMessage` or one `Rejection` out: validation, identity,
 * clock-skew correction and the traits/links/memberships the message implies.
 */
import { randomUUID } from 'node:crypto';
import type { ZodError } from 'zod';
import { isJsonObject } from '../lib/json.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { LIMITS } from './limits.ts';
import {
  MESSAGE_TYPES,
  type SegmentMessage,
  type SegmentType,
  segmentMessageSchema,
} from './message-schema.ts';
import type { NormalizedMessage, TraitWrite } from './normalized-message.ts';
import { type Rejection, rejection } from './rejections.ts';
import { correctTimestamp, parseIsoTimestamp } from './timestamp.ts';
import { withoutUnsafeKeys } from './unsafe-keys.ts';

export interface NormalizeContext {
  readonly receivedAt: number;
  /** The type implied by the endpoint (`/v1/track` → track); null for batch items. */
  readonly endpointType: SegmentType | null;
  /** A batch envelope's `sentAt`, used when the message has none. */
  readonly batchSentAt: string | null;
}

const TIME_FIELDS = new Set(['timestamp', 'originalTimestamp', 'sentAt']);
const PAGE_FIELDS = ['path', 'url', 'title', 'referrer', 'search'] as const;

export function normalizeMessage(raw: unknown, ctx: NormalizeContext): Result<NormalizedMessage, Rejection> {
  if (!isJsonObject(raw)) return err(rejection('not-an-object'));
  const { value: safe, dropped } = withoutUnsafeKeys(raw);
  const parsed = segmentMessageSchema.safeParse(safe);
  if (!parsed.success) return err(fromZod(parsed.error));
  const m = parsed.data;

  const type = ctx.endpointType ?? m.type;
  if (!isMessageType(type))
    return err(rejection('unknown-type', `Unknown type ${JSON.stringify(type ?? null)}.`));

  const userId = nonEmpty(m.userId);
  const anonymousId = nonEmpty(m.anonymousId);
  const previousId = nonEmpty(m.previousId);
  if (type === 'alias' && (previousId === null || userId === null))
    return err(rejection('missing-previous-id'));
  if (userId === null && anonymousId === null) return err(rejection('missing-identity'));
  const event = nonEmpty(m.event);
  if (type === 'track' && event === null) return err(rejection('missing-event'));
  const callGroupId = nonEmpty(m.groupId);
  if (type === 'group' && callGroupId === null) return err(rejection('missing-group-id'));

  const times = readTimes(m, ctx);
  if (!times.ok) return times;
  const { timestamp, sentAt, originalTimestamp } = times.value;
  if (timestamp > ctx.receivedAt + LIMITS.futureToleranceMs) return err(rejection('timestamp-in-future'));

  const context = m.context ?? null;
  const properties = type === 'page' ? withPageFields(m.properties ?? {}, context) : (m.properties ?? {});
  const texts = {
    properties: JSON.stringify(properties),
    traits: m.traits == null ? null : JSON.stringify(m.traits),
    context: context === null ? null : JSON.stringify(context),
  };
  if (exceedsEventLimit(texts)) return err(rejection('event-too-large'));

  const userKey = userId ?? anonymousId ?? '';
  return ok({
    messageId: nonEmpty(m.messageId) ?? randomUUID(),
    type,
    event: type === 'page' ? '$page' : type === 'screen' ? '$screen' : type === 'track' ? event : null,
    name: nonEmpty(m.name),
    userId,
    anonymousId,
    groupId: type === 'group' ? callGroupId : contextGroupId(context),
    previousId,
    timestamp,
    receivedAt: ctx.receivedAt,
    sentAt,
    originalTimestamp,
    ...texts,
    link: linkOf(type, { userId, anonymousId, previousId }),
    membership: type === 'group' && callGroupId !== null ? { userKey, groupId: callGroupId } : null,
    traitWrites: traitWritesOf(type, m.traits, type === 'group' ? callGroupId : userKey),
    droppedKeys: dropped,
  });
}

function isMessageType(type: unknown): type is SegmentType {
  return typeof type === 'string' && (MESSAGE_TYPES as readonly string[]).includes(type);
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function fromZod(error: ZodError): Rejection {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? 'event');
  if (TIME_FIELDS.has(field)) return rejection('invalid-timestamp', `"${field}" must be an ISO-8601 string.`);
  if (issue?.message === 'field-too-long') return rejection('field-too-long', `"${field}" is too long.`);
  return rejection('invalid-field', `"${field}" has the wrong type: ${issue?.message ?? 'invalid'}.`);
}

type Times = { timestamp: number; sentAt: number | null; originalTimestamp: number | null };
type TimeField = 'timestamp' | 'originalTimestamp' | 'sentAt';

/** Null when absent; a rejection when present but not ISO-8601. */
function readTime(field: TimeField, text: string | null | undefined): Result<number | null, Rejection> {
  if (text === null || text === undefined || text === '') return ok(null);
  const ms = parseIsoTimestamp(text);
  return ms === null
    ? err(rejection('invalid-timestamp', `"${field}" is not ISO-8601: ${JSON.stringify(text)}.`))
    : ok(ms);
}

function readTimes(m: SegmentMessage, ctx: NormalizeContext): Result<Times, Rejection> {
  const timestamp = readTime('timestamp', m.timestamp);
  if (!timestamp.ok) return timestamp;
  const originalTimestamp = readTime('originalTimestamp', m.originalTimestamp);
  if (!originalTimestamp.ok) return originalTimestamp;
  const sentAt = readTime('sentAt', m.sentAt ?? ctx.batchSentAt);
  if (!sentAt.ok) return sentAt;
  return ok({
    timestamp: correctTimestamp({
      timestamp: timestamp.value ?? originalTimestamp.value,
      sentAt: sentAt.value,
      receivedAt: ctx.receivedAt,
    }),
    sentAt: sentAt.value,
    originalTimestamp: originalTimestamp.value,
  });
}

/** Pages carry path/url/title/referrer in properties or in `context.page`; properties win. */
function withPageFields(properties: Record<string, unknown>, context: Record<string, unknown> | null) {
  const page = context?.page;
  if (!isJsonObject(page)) return properties;
  const merged: Record<string, unknown> = { ...properties };
  for (const field of PAGE_FIELDS) {
    if (merged[field] === undefined && page[field] !== undefined) merged[field] = page[field];
  }
  return merged;
}

function exceedsEventLimit(texts: {
  properties: string;
  traits: string | null;
  context: string | null;
}): boolean {
  const chars = texts.properties.length + (texts.traits?.length ?? 0) + (texts.context?.length ?? 0);
  // UTF-8 needs at most 3 bytes per UTF-16 unit: measure bytes only when it could matter.
  if (chars * 3 < LIMITS.eventBytes) return false;
  const bytes =
    Buffer.byteLength(texts.properties) +
    Buffer.byteLength(texts.traits ?? '') +
    Buffer.byteLength(texts.context ?? '');
  return bytes > LIMITS.eventBytes;
}

function contextGroupId(context: Record<string, unknown> | null): string | null {
  const value = context?.groupId;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' && value.length <= LIMITS.fieldChars ? value : null;
}

function linkOf(
  type: SegmentType,
  ids: { userId: string | null; anonymousId: string | null; previousId: string | null },
): NormalizedMessage['link'] {
  const from = type === 'alias' ? ids.previousId : type === 'identify' ? ids.anonymousId : null;
  if (from === null || ids.userId === null || from === ids.userId) return null;
  return { fromId: from, userId: ids.userId };
}

function traitWritesOf(
  type: SegmentType,
  traits: Record<string, unknown> | null | undefined,
  entityId: string | null,
): TraitWrite[] {
  if ((type !== 'identify' && type !== 'group') || traits == null || entityId === null) return [];
  const entityType = type === 'group' ? 'account' : 'user';
  return Object.entries(traits)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ entityType, entityId, key, value: JSON.stringify(value) }));
}
