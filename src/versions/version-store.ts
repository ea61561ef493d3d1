/**
 * Definition versions in the store's database, on either back end (DuckDB migration 4, PostgreSQL
 * migration 1): `definition_versions` holds every
 * saved definition, immutable and keyed by `definitionVersion(ir)` (the hash of its meaning);
 * `definition_activations` is the append-only log of which version was live or shadow when, per
 * workspace. The current versions are the latest activation of each role; a null version ends a
 * shadow. Rollback re-activates the live version that preceded the current one.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlClient, SqlRow } from '../lib/sql-client.ts';
import { recordPendingStart } from '../realtime/start-points.ts';

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

const VERSION_COLUMNS = 'version, name, entity_type, source, ir, created_at';

interface VersionRow extends SqlRow {
  readonly version: string;
  readonly name: string;
  readonly entity_type: string;
  readonly source: string;
  /** Written only by saveVersion, from a checked IR. */
  readonly ir: string;
  readonly created_at: number;
}

function toStoredVersion(row: VersionRow): StoredVersion {
  return {
    version: row.version,
    name: row.name,
    entityType: row.entity_type === 'user' ? 'user' : 'account',
    source: row.source,
    ir: JSON.parse(row.ir) as DefinitionIR,
    createdAt: row.created_at,
  };
}

/** Saves a definition (a no-op when its version is already stored) and returns the stored row. */
export async function saveVersion(
  db: SqlClient,
  source: string,
  ir: DefinitionIR,
  now: number = Date.now(),
): Promise<StoredVersion> {
  const version = definitionVersion(ir);
  await db.run(
    `INSERT INTO definition_versions (version, name, entity_type, source, ir, created_at)
     VALUES ($1, $2, $3, $4, $5, ${db.sql.at(6)}) ON CONFLICT (version) DO NOTHING`,
    [version, ir.name, ir.entity, source, JSON.stringify(ir), now],
  );
  const stored = await getVersion(db, version);
  if (stored === null) throw new Error(`bug: version ${version} was not stored`);
  return stored;
}

export async function getVersion(db: SqlClient, version: string): Promise<StoredVersion | null> {
  const [row] = await db.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM definition_versions WHERE version = $1`,
    [version],
  );
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
  db: SqlClient,
  workspaceId: string,
  prefix: string,
): Promise<Result<StoredVersion, VersionError>> {
  const found =
    prefix.length < 4
      ? []
      : await db.query<VersionRow>(
          `SELECT ${VERSION_COLUMNS} FROM definition_versions
           WHERE ${IN_WORKSPACE} AND starts_with(version, CAST($2 AS TEXT)) ORDER BY version LIMIT 2`,
          [workspaceId, prefix],
        );
  const [only] = found;
  if (only !== undefined && found.length === 1) return ok(toStoredVersion(only));
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
export async function listVersions(db: SqlClient, workspaceId: string): Promise<StoredVersion[]> {
  const rows = await db.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM definition_versions WHERE ${IN_WORKSPACE} ORDER BY created_at, version`,
    [workspaceId],
  );
  return rows.map(toStoredVersion);
}

interface ActivationRow extends SqlRow {
  readonly seq: number;
  readonly workspace_id: string;
  readonly role: string;
  readonly version: string | null;
  readonly activated_at: number;
  readonly note: string | null;
}

function toActivation(row: ActivationRow): Activation {
  return {
    seq: row.seq,
    workspaceId: row.workspace_id,
    role: row.role === 'shadow' ? 'shadow' : 'live',
    version: row.version,
    activatedAt: row.activated_at,
    note: row.note,
  };
}

/** The workspace's activation log, oldest first. */
export async function activationLog(db: SqlClient, workspaceId: string): Promise<Activation[]> {
  const rows = await db.query<ActivationRow>(
    `SELECT seq, workspace_id, role, version, activated_at, note
     FROM definition_activations WHERE workspace_id = $1 ORDER BY seq`,
    [workspaceId],
  );
  return rows.map(toActivation);
}

/**
 * Makes `version` the workspace's live or shadow version from now on (null switches the shadow
 * off). Activating the current shadow as live also ends the shadow: it has been promoted.
 * `version` must be one the caller just saved or found with `findVersion` for this workspace: this
 * function does not check whose it is.
 */
export async function activate(
  db: SqlClient,
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
  if (version !== null && (await getVersion(db, version)) === null) {
    return err(
      versionError(
        'unknown-version',
        `No saved version "${version}".`,
        'Save it first (`kindling activate FILE`).',
      ),
    );
  }
  return db.transaction(async (tx) => {
    const before = await currentVersions(tx, workspaceId);
    // A version that is not running here yet starts now: its start point is written with the
    // activation, so every event stored after the activation is qualified, whatever crashes.
    // A running one (the shadow promoted to live) keeps its states and its start.
    const running = [before.live?.version, before.shadow?.version];
    if (version !== null && !running.includes(version))
      await recordPendingStart(tx, { workspaceId, version }, now);
    await append(tx, { workspaceId, role, version, note }, now);
    if (role === 'live' && version !== null && before.shadow?.version === version) {
      const promoted = `promoted ${version} to live`;
      await append(tx, { workspaceId, role: 'shadow', version: null, note: promoted }, now);
    }
    return ok(await currentVersions(tx, workspaceId));
  });
}

async function append(
  tx: SqlClient,
  entry: Pick<Activation, 'workspaceId' | 'role' | 'version' | 'note'>,
  now: number,
): Promise<void> {
  await tx.run(
    `INSERT INTO definition_activations (workspace_id, role, version, activated_at, note)
     VALUES ($1, $2, $3, ${tx.sql.at(4)}, $5)`,
    [entry.workspaceId, entry.role, entry.version, now, entry.note],
  );
}

/** The latest activation of each role, with its stored version (null when none or switched off). */
export async function currentVersions(db: SqlClient, workspaceId: string): Promise<CurrentVersions> {
  // Not `row_number() … = 1`: DuckDB 1.x's top-N-per-group rewrite misses rows written earlier in
  // the same transaction, and activate() reads here inside its transaction.
  const found = await db.query<{ role: string; version: string | null }>(
    `SELECT role, version FROM definition_activations
     WHERE seq IN (SELECT max(seq) FROM definition_activations WHERE workspace_id = $1 GROUP BY role)`,
    [workspaceId],
  );
  const byRole = new Map(found.map((row) => [row.role, row.version]));
  const load = async (role: Role) => {
    const version = byRole.get(role) ?? null;
    return version === null ? null : getVersion(db, version);
  };
  return { live: await load('live'), shadow: await load('shadow') };
}

/** Re-activates the live version that was live before the current one. */
export async function rollback(
  db: SqlClient,
  workspaceId: string,
  now: number = Date.now(),
): Promise<Result<{ readonly from: string; readonly to: StoredVersion }, VersionError>> {
  const live = (await activationLog(db, workspaceId)).filter((a) => a.role === 'live' && a.version !== null);
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
  const activated = await activate(db, workspaceId, 'live', previous, `rollback from ${current}`, now);
  if (!activated.ok) return activated;
  const to = activated.value.live;
  if (to === null) throw new Error('bug: rollback left no live version');
  return ok({ from: current, to });
}
