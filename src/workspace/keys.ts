/**
 * API keys: write keys may only send events; admin keys read and manage a workspace. Only a SHA-256
 * of each key is stored (keys are 192 random bits, so a fast hash is enough); the key itself is
 * shown once, when created.
 */
import { createHash, randomBytes } from 'node:crypto';

export const KEY_KINDS = ['write', 'admin'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const PREFIX: Record<KeyKind, string> = { write: 'kw_', admin: 'ka_' };

export function generateKey(kind: KeyKind): string {
  return PREFIX[kind] + randomBytes(24).toString('base64url');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The first characters of a key, safe to show in listings so a person can tell keys apart. */
export function displayPrefix(key: string): string {
  return `${key.slice(0, 9)}…`;
}

export interface KeyRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly kind: KeyKind;
  readonly prefix: string;
  readonly label: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface WorkspaceRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** The workspaces a store holds. */
export interface WorkspaceStore {
  /** Creates the workspace unless it exists (its name is then left as it was). */
  ensureWorkspace(id: string, name: string): Promise<void>;
  /** Every workspace, by id. */
  listWorkspaces(): Promise<WorkspaceRecord[]>;
  workspace(id: string): Promise<WorkspaceRecord | null>;
}

/** Workspaces and their hashed API keys: one port, implemented once in SQL for every back end. */
export interface KeyStore extends WorkspaceStore {
  /** Stores the hash of `key` (a generated one when null); returns the record and the key when generated. */
  createKey(input: {
    workspaceId: string;
    kind: KeyKind;
    label: string | null;
    key: string | null;
  }): Promise<{
    record: KeyRecord;
    key: string;
  }>;
  listKeys(workspaceId: string | null): Promise<KeyRecord[]>;
  revokeKey(id: string): Promise<KeyRecord | null>;
  /** The live key with this hash, if any. */
  findByHash(hash: string): Promise<KeyRecord | null>;
  countLiveKeys(workspaceId: string, kind: KeyKind): Promise<number>;
}
