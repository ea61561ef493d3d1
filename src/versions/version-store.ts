/**
 * Definition versions in the embedded database (migration 4): `definition_versions` holds every
 * saved definition, immutable and keyed by `definitionVersion(ir)` (the hash of its meaning);
 * `definition_activations` is the append-only log of which version was live or shadow when, per
 * workspace. The current versions are the latest activation of each role; a null version ends a
 * shadow. Rollback re-activates the live version that preceded the current one.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { z } from 'zod';
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { recordPendingStart } from '../realtime/start-points.ts';
import { DuckDbClient } from '../store/duckdb/duckdb-client.ts';

export const ROLES = ['live', 'shadow'] as const;
export type Role = (typeof ROLES)[number];

export interface StoredVersion {
  readonly version: string;
  readonly name: string;
  readonly entityType: 'user' | 'account';
  /** The whole kindling.yml text as saved (routing and destinations too). */
  readonly source: string;
  readonly ir: DefinitionIR;
  /** Epoch ms of the first save. */
  readonly createdAt: number;
}

export interface Activation {
  readonly seq: number;
  readonly workspaceId: string;
  readonly role: Role;
  /** Null: the role was switched off (only a shadow can be). */
  readonly version: string | null;
  readonly activatedAt: number;
  readonly note: string | null;
}

export interface CurrentVersions {
  readonly live: StoredVersion | null;
  readonly shadow: StoredVersion | null;
}

export type VersionErrorCode =
  | 'unknown-version'
  | 'ambiguous-version'
  | 'live-needs-version'
  | 'no-previous-version';

export interface VersionError {
  readonly code: VersionErrorCode;
  readonly message: string;
  readonly hint: string;
}

const versionError = (code: VersionErrorCode, message: string, hint: string): VersionError => ({
  code,
  message,
  hint,
});

const AT = (param: number) => `make_timestamp($${param}::BIGINT * 1000)`;
const VERSION_COLUMNS = 'version, name, entity_type, source, ir, epoch_ms(created_at) AS created_at';

// The IR column is written only by saveVersion from a checked IR; this guards the row's shape.
const versionRow = z.object({
  version: z.string(),
  name: z.string(),
  entity_type: z.enum(['user', 'account']),
  source: z.string(),
  ir: z.string(),
  created_at: z.union([z.number(), z.bigint()]),
});

function toStoredVersion(row: unknown): StoredVersion {
  const parsed = versionRow.parse(row);
  return {
    version: parsed.version,
    name: parsed.name,
    entityType: parsed.entity_type,
    source: parsed.source,
    ir: JSON.parse(parsed.ir) as DefinitionIR,
    createdAt: Number(parsed.created_at),
  };
}

async function rows(conn: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<unknown[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS();
}

/** Saves a definition (a no-op when its version is already stored) and returns the stored row. */
export async function saveVersion(
  conn: DuckDBConnection,
  source: string,
  ir: DefinitionIR,
  now: number = Date.now(),
): Promise<StoredVersion> {
  const version = definitionVersion(ir);
  await conn.run(
    `INSERT INTO definition_versions (version, name, entity_type, source, ir, created_at)
     VALUES ($1, $2, $3, $4, $5, ${AT(6)}) ON CONFLICT DO NOTHING`,
    [version, ir.name, ir.entity, source, JSON.stringify(ir), now],
  );
  const stored = await getVersion(conn, version);
  if (stored === null) throw new Error(`bug: version ${version} was not stored`);
  return stored;
}

export async function getVersion(conn: DuckDBConnection, version: string): Promise<StoredVersion | null> {
  const [row] = await rows(conn, `SELECT ${VERSION_COLUMNS} FROM definition_versions WHERE version = $1`, [
    version,
  ]);
  return row === undefined ? null : toStoredVersion(row);
}

/**
 * The versions a workspace may see: those that have been live or shadow in it. Versions are stored
 * once for the whole store (keyed by the hash of their meaning), so without this filter one
 * workspace could list, activate and then read another's definition.
 */
const IN_WORKSPACE = `version IN (
  SELECT version FROM definition_activations WHERE workspace_id = $1 AND version IS NOT NULL)`;

/** A version of this workspace by its full hash or an unambiguous prefix (at least 4 characters). */
export async function findVersion(
  conn: DuckDBConnection,
  workspaceId: string,
  prefix: string,
): Promise<Result<StoredVersion, VersionError>> {
  const found =
    prefix.length < 4
      ? []
      : await rows(
          conn,
          `SELECT ${VERSION_COLUMNS} FROM definition_versions
           WHERE ${IN_WORKSPACE} AND starts_with(version, $2) ORDER BY version LIMIT 2`,
          [workspaceId, prefix],
        );
  if (found.length === 1) return ok(toStoredVersion(found[0]));
  if (found.length > 1) {
    return err(
      versionError(
        'ambiguous-version',
        `More than one version starts with "${prefix}".`,
        'Give more digits.',
      ),
    );
  }
  return err(
    versionError(
      'unknown-version',
      `No saved version "${prefix}" in this workspace.`,
      'List them with `kindling versions`, or activate a definition file to save it.',
    ),
  );
}

/** The versions that have been live or shadow in this workspace, oldest first. */
export async function listVersions(conn: DuckDBConnection, workspaceId: string): Promise<StoredVersion[]> {
  return (
    await rows(
      conn,
      `SELECT ${VERSION_COLUMNS} FROM definition_versions WHERE ${IN_WORKSPACE} ORDER BY created_at, version`,
      [workspaceId],
    )
  ).map(toStoredVersion);
}

const activationRow = z.object({
  seq: z.union([z.number(), z.bigint()]),
  workspace_id: z.string(),
  role: z.enum(ROLES),
  version: z.string().nullable(),
  activated_at: z.union([z.number(), z.bigint()]),
  note: z.string().nullable(),
});

function toActivation(row: unknown): Activation {
  const parsed = activationRow.parse(row);
  return {
    seq: Number(parsed.seq),
    workspaceId: parsed.workspace_id,
    role: parsed.role,
    version: parsed.version,
    activatedAt: Number(parsed.activated_at),
    note: parsed.note,
  };
}

/** The workspace's activation log, oldest first. */
export async function activationLog(conn: DuckDBConnection, workspaceId: string): Promise<Activation[]> {
  return (
    await rows(
      conn,
      `SELECT seq, workspace_id, role, version, epoch_ms(activated_at) AS activated_at, note
       FROM definition_activations WHERE workspace_id = $1 ORDER BY seq`,
      [workspaceId],
    )
  ).map(toActivation);
}

/**
 * Makes `version` the workspace's live or shadow version from now on (null switches the shadow
 * off). Activating the current shadow as live also ends the shadow: it has been promoted.
 * `version` must be one the caller just saved or found with `findVersion` for this workspace: this
 * function does not check whose it is.
 */
export async function activate(
  conn: DuckDBConnection,
  workspaceId: string,
  role: Role,
  version: string | null,
  note: string | null,
  now: number = Date.now(),
): Promise<Result<CurrentVersions, VersionError>> {
  if (version === null && role === 'live') {
    return err(
      versionError(
        'live-needs-version',
        'The live definition cannot be switched off.',
        'Activate another version, or `kindling rollback`.',
      ),
    );
  }
  if (version !== null && (await getVersion(conn, version)) === null) {
    return err(
      versionError(
        'unknown-version',
        `No saved version "${version}".`,
        'Save it first (`kindling activate FILE`).',
      ),
    );
  }
  const before = await currentVersions(conn, workspaceId);
  // A version that is not running here yet starts now: its start point is durable before the
  // activation is, so every event stored after the activation is qualified, whatever crashes.
  // A running one (the shadow promoted to live) keeps its states and its start.
  const running = [before.live?.version, before.shadow?.version];
  if (version !== null && !running.includes(version)) {
    await recordPendingStart(new DuckDbClient(conn), { workspaceId, version }, now);
  }
  await append(conn, workspaceId, role, version, note, now);
  if (role === 'live' && version !== null && before.shadow?.version === version) {
    await append(conn, workspaceId, 'shadow', null, `promoted ${version} to live`, now);
  }
  return ok(await currentVersions(conn, workspaceId));
}

async function append(
  conn: DuckDBConnection,
  workspaceId: string,
  role: Role,
  version: string | null,
  note: string | null,
  now: number,
): Promise<void> {
  await conn.run(
    `INSERT INTO definition_activations (workspace_id, role, version, activated_at, note)
     VALUES ($1, $2, $3, ${AT(4)}, $5)`,
    [workspaceId, role, version, now, note],
  );
}

/** The latest activation of each role, with its stored version (null when none or switched off). */
export async function currentVersions(conn: DuckDBConnection, workspaceId: string): Promise<CurrentVersions> {
  const found = await rows(
    conn,
    `SELECT role, version FROM (
       SELECT role, version, row_number() OVER (PARTITION BY role ORDER BY seq DESC) AS position
       FROM definition_activations WHERE workspace_id = $1
     ) WHERE position = 1`,
    [workspaceId],
  );
  const byRole = new Map<string, string | null>();
  for (const row of found) {
    const parsed = z.object({ role: z.string(), version: z.string().nullable() }).parse(row);
    byRole.set(parsed.role, parsed.version);
  }
  const load = async (role: Role) => {
    const version = byRole.get(role) ?? null;
    return version === null ? null : getVersion(conn, version);
  };
  return { live: await load('live'), shadow: await load('shadow') };
}

/** Re-activates the live version that was live before the current one. */
export async function rollback(
  conn: DuckDBConnection,
  workspaceId: string,
  now: number = Date.now(),
): Promise<Result<{ readonly from: string; readonly to: StoredVersion }, VersionError>> {
  const live = (await activationLog(conn, workspaceId)).filter(
    (a) => a.role === 'live' && a.version !== null,
  );
  const current = live.at(-1)?.version ?? null;
  const previous = [...live].reverse().find((a) => a.version !== current)?.version ?? null;
  if (current === null || previous === null) {
    return err(
      versionError(
        'no-previous-version',
        current === null
          ? 'No version has been live in this workspace.'
          : `Only ${current} has ever been live here.`,
        'Activate a definition with `kindling activate FILE`.',
      ),
    );
  }
  const activated = await activate(conn, workspaceId, 'live', previous, `rollback from ${current}`, now);
  if (!activated.ok) return activated;
  const to = activated.value.live;
  if (to === null) throw new Error('bug: rollback left no live version');
  return ok({ from: current, to });
}
