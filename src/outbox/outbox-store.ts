/**
 * The outbox: one delivery per alert and destination, persisted before anything is sent, so that a
 * crash or a receiver that is down loses nothing. The workers (delivery-worker.ts, one per node) are
 * its only writers of outcomes; people read it and replay dead letters through `kindling deliveries`.
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

/**
 * Every node sending deliveries claims them first (`claim`), for a lease: a delivery is sent by one
 * node at a time, and one whose node died is taken by another once the lease ends. Outcomes are
 * recorded only by the node holding the claim, and recording one ends the claim.
 */
export interface OutboxStore {
  /** The claimant this store claims as: one id per process unless given. */
  readonly node: string;
  /** New deliveries, due now; an alert already queued for a destination is skipped. Returns the new ids. */
  enqueue(alert: Alert, destinations: readonly string[]): Promise<string[]>;
  /**
   * Claims pending deliveries due at `now`, oldest first, until `now + leaseMs`; but only the
   * earliest pending one of each (workspace, destination, entity), and none of those while another
   * claim on it holds: a later alert never overtakes an earlier one, on one node or many.
   */
  claim(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]>;
  /** Extends this node's claims on `ids` to `until`; returns the ids it still holds. */
  renew(ids: readonly string[], until: number): Promise<string[]>;
  /** Gives this node's claims on `ids` back unfinished (shutdown): they may be claimed again at once. */
  release(ids: readonly string[]): Promise<void>;
  /**
   * Gives back every claim, whichever node holds it; returns how many. Only for a store no other
   * process can hold: the embedded one, opened after its previous process died (a lease would
   * otherwise keep that process's in-flight deliveries waiting for up to a minute).
   */
  releaseAbandoned(): Promise<number>;
  /**
   * Epoch ms when the next delivery `claim` could return falls due (or its claim ends), or null when
   * nothing is pending.
   */
  nextDueAt(): Promise<number | null>;
  /** The outcome methods return false when this node no longer holds the claim (nothing changes). */
  markDelivered(id: string, attempt: AttemptResult): Promise<boolean>;
  markRetry(id: string, nextAt: number, attempt: AttemptResult): Promise<boolean>;
  markDead(id: string, attempt: AttemptResult): Promise<boolean>;
  /** Moves the next attempt without counting one (pacing by the rate limiter). */
  defer(id: string, nextAt: number): Promise<boolean>;
  /**
   * The receiver asked to slow down (429): the attempt's result is kept, the next attempt moved,
   * and the attempt not counted.
   */
  markRateLimited(id: string, nextAt: number, attempt: AttemptResult): Promise<boolean>;
  get(id: string): Promise<DeliveryRecord | null>;
  list(options?: ListOptions): Promise<DeliveryRecord[]>;
  /** A dead letter becomes pending again, due now, with its attempts reset. */
  replay(id: string): Promise<Result<DeliveryRecord, ReplayError>>;
  /** Per destination; one workspace's deliveries only when `workspaceId` is given. */
  health(workspaceId?: string): Promise<DestinationHealth[]>;
}
