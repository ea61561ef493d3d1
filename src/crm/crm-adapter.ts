/**
 * What the push and pull need from one CRM: the rest (diffing, state, outcomes) is the same for
 * HubSpot and Salesforce. An adapter talks through the CRM's official client library.
 */
import type { CrmName } from '../definition/crm/crm-config.ts';
import type { CrmObject } from './crm-state.ts';
import type { RecordValues } from './record-values.ts';

/** One entity to write: how to find its record, and what to write. */
export interface PushTarget {
  /** `user:u1`, `account:domain:acme.com`. */
  readonly key: string;
  readonly email: string | null;
  readonly domain: string | null;
  /** The record id from the id trait, or from an earlier push. */
  readonly knownId: string | null;
  readonly values: RecordValues;
}

export interface BatchOutcome {
  readonly written: readonly { readonly key: string; readonly recordId: string; readonly created: boolean }[];
  readonly unmatched: readonly string[];
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
}

/** What a dry run would do with one target. */
export interface PlannedChange {
  readonly key: string;
  /** A matched record id, `new` (would be created) or null (unmatched, skipped). */
  readonly recordId: string | 'new' | null;
}

/** A deal (HubSpot) or opportunity (Salesforce), with what it is associated with. */
export interface CrmDeal {
  readonly id: string;
  readonly stage: string;
  readonly amount: number | null;
  /** Epoch ms. */
  readonly closeDate: number | null;
  readonly createdAt: number | null;
  readonly modifiedAt: number;
  /** Whether the stage is closed, and won; null when the CRM does not say. */
  readonly closed: boolean | null;
  readonly won: boolean | null;
  readonly companyIds: readonly string[];
  readonly contactIds: readonly string[];
  readonly domains: readonly string[];
  readonly emails: readonly string[];
}

export interface DealPage {
  readonly deals: readonly CrmDeal[];
  /** Give it back for the next page; null after the last. */
  readonly next: string | null;
}

export interface CrmAdapter {
  readonly name: CrmName;
  readonly batchSize: number;
  /** Creates the Kindling properties / fields that are missing; returns what it created (or would). */
  ensureSchema(dryRun: boolean): Promise<string[]>;
  /** Finds the records of targets (without writing): for a dry run. */
  plan(object: CrmObject, targets: readonly PushTarget[], createMissing: boolean): Promise<PlannedChange[]>;
  /** Matches, creates (when allowed) and updates one batch. Throws when the whole batch failed. */
  push(object: CrmObject, targets: readonly PushTarget[], createMissing: boolean): Promise<BatchOutcome>;
  /** Deals modified at or after `since` (all when null), oldest first, a page at a time. */
  deals(since: number | null, page: string | null): Promise<DealPage>;
  /** Requests made so far and 429s waited out. */
  readonly stats: () => { readonly requests: number; readonly throttled: number };
  close(): void;
}
