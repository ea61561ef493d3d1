/** The public surface of the delivery area; see README.md. */
export type { Alert, AlertReason } from './alert.ts';
export { classifyResponse, isRetriableStatus, parseRetryAfter } from './classify-response.ts';
export * from './compose/index.ts';
export type { ConfigProblem } from './config-common.ts';
export {
  DESTINATION_KINDS,
  type DeliveryContext,
  type Destination,
  type DestinationDeps,
  type DestinationKind,
  type DigestDestination,
  deliveryKey,
} from './destination.ts';
export {
  createDestination,
  createDestinations,
  type DestinationConfig,
  type DestinationsConfig,
  destinationConfigSchema,
  destinationsConfigSchema,
  isDigestDestination,
} from './destinations/index.ts';
export type { Dead, Delivered, DeliveryOutcome, Retry } from './outcome.ts';
export { createRateLimiter, type RateLimiter, type RateRule } from './rate-limiter.ts';
export { redact } from './redact.ts';
export { type WebhookPayload, webhookPayloadSchema } from './render/webhook-payload.ts';
export {
  DEFAULT_RETRY_SCHEDULE,
  maxAttempts,
  type NextStep,
  nextStep,
  type RetrySchedule,
} from './retry-schedule.ts';
