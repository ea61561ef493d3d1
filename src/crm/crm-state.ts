/**
 * What the CRM sync reads and writes in Kindling's store, in its own words (docs/crm.md). The SQL
 * implementation (sql-crm-state.ts) runs on either back end; the contract suite
 * `test/contract/crm-state.contract.test.ts` holds both to the same behaviour.
 */
import type { CrmName } from '../definition/crm/crm-config.ts';

export type EntityType = 'user' | 'account';
/** The CRM record kind an entity is written to: users → contacts, accounts → companies/Accounts. */
export type CrmObject = 'contact' | 'company';
export type SyncDirection = 'push' | 'pull';

/** One scored entity, as the live definition version last left it. */
export interface ScoredEntity {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly definitionVersion: string;
  readonly score: number;
  readonly tier: string | null;
  readonly handRaiser: boolean;
  /** The definition's gates (the fit check) all held. */
  readonly gatesPass: boolean;
  /** The lead's owner, when the entity is in the sales queue. */
  readonly owner: string | null;
  /** The latest qualification's receipt (JSON text), for reasons and engagement figures. */
  readonly receipt: string | null;
  /** Latest value of each trait asked for (parsed JSON), by trait key. */
  readonly traits: Readonly<Record<string, unknown>>;
}

export interface PushedRecord {
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly recordId: string;
  readonly valuesHash: string;
}

export interface SyncRun {
  readonly crm: CrmName;
  readonly direction: SyncDirection;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Records written (push) or outcomes added (pull). */
  readonly written: number;
  readonly unchanged: number;
  readonly unmatched: number;
  readonly failed: number;
  /** The first failures, in words. */
  readonly detail: string | null;
}

export interface CrmState {
  /** The live definition version of the workspace (else the one scored last); null before any. */
  currentVersion(workspaceId: string): Promise<string | null>;
  /** Every entity scored by `version`, with the latest value of each of `traitKeys`. */
  scoredEntities(workspaceId: string, version: string, traitKeys: readonly string[]): Promise<ScoredEntity[]>;
  /** What was last written for each entity to this CRM's `object` records. */
  pushed(workspaceId: string, crm: CrmName, object: CrmObject): Promise<PushedRecord[]>;
  /** Records that one batch wrote, in one transaction (after the CRM answered). */
  recordPushed(
    workspaceId: string,
    crm: CrmName,
    object: CrmObject,
    records: readonly PushedRecord[],
    now: number,
  ): Promise<void>;
  /** Epoch ms of the last modification a pull has read up to, or null before the first pull. */
  cursor(workspaceId: string, crm: CrmName, object: string): Promise<number | null>;
  setCursor(
    workspaceId: string,
    crm: CrmName,
    object: string,
    modifiedAt: number,
    now: number,
  ): Promise<void>;
  /** Which `source|type` pairs already have an outcome (how a re-pull knows what it already added). */
  existingOutcomes(
    workspaceId: string,
    pairs: readonly { readonly source: string; readonly type: string }[],
  ): Promise<Set<string>>;
  recordRun(workspaceId: string, run: SyncRun): Promise<void>;
  /** The latest run of each CRM and direction. */
  lastRuns(workspaceId: string): Promise<SyncRun[]>;
}

/** The key `existingOutcomes` answers with. */
export const outcomeKey = (source: string, type: string): string => `${source}|${type}`;
