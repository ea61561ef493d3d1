/**
 * The outbox: one delivery per alert and destination, persisted before anything is sent, so that a
 * crash or a receiver that is down loses nothing. The worker (delivery-worker.ts) is its only writer
 * of outcomes; people read it and replay dead letters through `kindling deliveries`.
 */
import type { Alert } from '../deliver/alert.ts';
import type { Result } from '../lib/result.ts';

/** `digest`: waiting for its destination's daily digest (digest-sender.ts), not for the worker. */
export const DELIVERY_STATUSES = ['pending', 'digest', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly alertId: string;
  readonly destination: string;
  readonly entityType: string;
  readonly entityId: string;
  /** `deliveryKey(alert.id, destination)`: the same on every attempt and after a restart. */
  readonly idempotencyKey: string;
  readonly alert: Alert;
  readonly status: DeliveryStatus;
  /** Attempts made so far; the next one is `attempts + 1`. */
  readonly attempts: number;
  /** Epoch ms; null once delivered or dead. */
  readonly nextAttemptAt: number | null;
  /** The receiver's status of the last attempt (null: no response). */
  readonly lastStatus: number | null;
  /** What the last attempt came to, already redacted by the destination. */
  readonly lastDetail: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
}

/** The result of one attempt, as the store keeps it. */
export interface AttemptResult {
  readonly status: number | null;
  readonly detail: string | null;
}

export interface ListOptions {
  /** Only deliveries in trouble: dead letters and pending ones whose last attempt failed. */
  readonly failed?: boolean;
  readonly workspaceId?: string;
  /** Newest first; default 100. */
  readonly limit?: number;
}

export interface DestinationHealth {
  readonly destination: string;
  readonly delivered: number;
  readonly pending: number;
  readonly dead: number;
  /** Epoch ms of the latest delivery, or null. */
  readonly lastSuccessAt: number | null;
  /** The latest failed attempt still outstanding (a pending retry or a dead letter), or null. */
  readonly lastFailure: {
    readonly at: number;
    readonly status: number | null;
    readonly detail: string;
  } | null;
}

export type ReplayError = 'not-found' | 'not-dead';

export interface OutboxStore {
  /** New deliveries, due now; an alert already queued for a destination is skipped. Returns the new ids. */
  enqueue(alert: Alert, destinations: readonly string[]): Promise<string[]>;
  /**
   * Pending deliveries due at `now`, oldest first, but only the earliest pending one of each
   * (workspace, destination, entity): a later alert never overtakes an earlier one.
   */
  due(now: number, limit: number): Promise<DeliveryRecord[]>;
  /** Epoch ms when the next delivery `due` could return falls due, or null when nothing is pending. */
  nextDueAt(): Promise<number | null>;
  markDelivered(id: string, attempt: AttemptResult): Promise<void>;
  markRetry(id: string, nextAt: number, attempt: AttemptResult): Promise<void>;
  markDead(id: string, attempt: AttemptResult): Promise<void>;
  /** Moves the next attempt without counting one (pacing by the rate limiter). */
  defer(id: string, nextAt: number): Promise<void>;
  /**
   * The receiver asked to slow down (429): the attempt's result is kept, the next attempt moved,
   * and the attempt not counted.
   */
  markRateLimited(id: string, nextAt: number, attempt: AttemptResult): Promise<void>;
  get(id: string): Promise<DeliveryRecord | null>;
  list(options?: ListOptions): Promise<DeliveryRecord[]>;
  /** A dead letter becomes pending again, due now, with its attempts reset. */
  replay(id: string): Promise<Result<DeliveryRecord, ReplayError>>;
  /** Per destination; one workspace's deliveries only when `workspaceId` is given. */
  health(workspaceId?: string): Promise<DestinationHealth[]>;
}
