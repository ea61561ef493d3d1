/**
 * The shape of one Segment message at the trust boundary. Unknown fields are allowed (SDKs add
 * their own) and ignored; the types used downstream are derived from this schema.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';

export const MESSAGE_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type SegmentType = (typeof MESSAGE_TYPES)[number];

/** Segment ids are strings, but SDKs in the wild send numbers; both are kept as strings. */
const id = z
  .union([z.string(), z.number().finite()])
  .transform((v) => String(v))
  .pipe(z.string().max(LIMITS.fieldChars, 'field-too-long'));

const text = z.string().max(LIMITS.fieldChars, 'field-too-long');
const object = z.record(z.string(), z.unknown());
const time = z.string().max(64, 'invalid-timestamp');

export const segmentMessageSchema = z.looseObject({
  type: z.string().optional(),
  messageId: id.nullish(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  event: text.nullish(),
  name: text.nullish(),
  groupId: id.nullish(),
  previousId: id.nullish(),
  properties: object.nullish(),
  traits: object.nullish(),
  context: object.nullish(),
  timestamp: time.nullish(),
  originalTimestamp: time.nullish(),
  sentAt: time.nullish(),
});

export type SegmentMessage = z.infer<typeof segmentMessageSchema>;
