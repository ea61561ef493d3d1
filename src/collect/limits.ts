/** Segment HTTP Tracking API limits, which Kindling keeps so existing SDKs behave the same. */
export const LIMITS = {
  eventBytes: 32 * 1024,
  batchBytes: 500 * 1024,
  batchEvents: 2500,
  /** Longest id, event name or page name; longer ones are refused rather than truncated. */
  fieldChars: 1024,
  /** Deepest JSON nesting accepted in a request (a batch envelope counts as two levels). */
  jsonDepth: 32,
  futureToleranceMs: 24 * 60 * 60 * 1000,
} as const;
