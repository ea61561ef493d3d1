/**
 * In-process fan-out of what the real-time engine records, for live views (the dashboard's
 * server-sent events). Listeners are called synchronously after the records are committed; a
 * listener that throws is dropped from nothing and breaks nothing: its error is swallowed.
 */

/** One committed qualification (or downgrade), in the shape live views need. */
export interface QualificationNotice {
  readonly id: string;
  readonly workspaceId: string;
  readonly definitionVersion: string;
  readonly shadow: boolean;
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly kind: 'qualified' | 'downgraded';
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly score: number;
  /** What routing did: 'alerted', 'suppressed', 'cooldown', 'recorded'. */
  readonly status: string;
  readonly owner: string | null;
  /** Epoch ms. */
  readonly asOf: number;
}

/** A change to a lead made by a person or by SLA tracking (contacted, snoozed, reassigned, breached). */
export interface LeadNotice {
  readonly workspaceId: string;
  readonly entityType: 'user' | 'account';
  readonly entityId: string;
  readonly change: string;
}

export type FeedItem =
  | { readonly type: 'qualification'; readonly data: QualificationNotice }
  | { readonly type: 'lead'; readonly data: LeadNotice };

export class QualificationFeed {
  readonly #listeners = new Set<(item: FeedItem) => void>();

  /** Returns the function that unsubscribes. */
  subscribe(listener: (item: FeedItem) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(item: FeedItem): void {
    for (const listener of this.#listeners) {
      try {
        listener(item);
      } catch {
        // A live view's failure must never reach the engine.
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
