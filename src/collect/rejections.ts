/**
 * Every reason the collector refuses a request or an event: one catalogue, stable kebab-case codes,
 * each with a message a sender can act on. Rejections are counted per workspace by code.
 */
export const REJECTIONS = {
  'invalid-json': 'The body is not valid JSON.',
  'unsupported-content-type': 'Send the body as application/json.',
  'request-too-large': 'The request body is over the limit for this endpoint.',
  'batch-too-many-events': 'A batch may hold at most 2,500 events.',
  'nesting-too-deep': 'The JSON is nested deeper than the collector accepts.',
  'missing-batch': 'A batch request needs a "batch" array.',
  'not-an-object': 'Each event must be a JSON object.',
  'unknown-type': 'The "type" must be one of track, identify, group, page, screen, alias.',
  'missing-identity': 'Every event needs a userId or an anonymousId.',
  'missing-event': 'A track call needs a non-empty "event" name.',
  'missing-group-id': 'A group call needs a "groupId".',
  'missing-previous-id': 'An alias call needs a "previousId" and a "userId".',
  'invalid-field': 'A field has the wrong type.',
  'field-too-long': 'An id, name or event is longer than 1,024 characters.',
  'invalid-timestamp': 'Timestamps must be ISO-8601 strings, e.g. 2024-05-01T12:00:00.000Z.',
  'timestamp-in-future': 'The event is more than 24 hours in the future (after clock-skew correction).',
  'event-too-large': 'An event may be at most 32 KB of JSON.',
  'unsafe-key-dropped':
    'Keys named __proto__, constructor or prototype were removed; the rest of the event was stored.',
} as const;

export type RejectionCode = keyof typeof REJECTIONS;

export interface Rejection {
  readonly code: RejectionCode;
  /** What exactly was wrong, e.g. which field. */
  readonly detail: string;
}

export const rejection = (code: RejectionCode, detail: string = REJECTIONS[code]): Rejection => ({
  code,
  detail,
});
