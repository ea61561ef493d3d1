/** The CRM sync's state (`CrmState`) in the store's database, on either back end (migration 8 / PG 3). */
import { randomUUID } from 'node:crypto';
import type { CrmName } from '../definition/crm/crm-config.ts';
import type { SqlClient, SqlParam, SqlRow } from '../lib/sql-client.ts';
import {
  type CrmObject,
  type CrmState,
  type EntityType,
  outcomeKey,
  type PushedRecord,
  type ScoredEntity,
  type SyncDirection,
  type SyncRun,
} from './crm-state.ts';

const CHUNK = 300;

interface StateRow extends SqlRow {
  readonly entity_type: string;
  readonly entity_id: string;
  readonly definition_version: string;
  readonly score: number;
  readonly tier: string | null;
  readonly hand_raiser: boolean;
  readonly gates_pass: boolean;
  readonly owner: string | null;
  readonly receipt: string | null;
}

interface TraitRow extends SqlRow {
  readonly entity_type: string;
  readonly entity_id: string;
  readonly key: string;
  readonly value: string | null;
}

interface PushedRow extends SqlRow {
  readonly entity_type: string;
  readonly entity_id: string;
  readonly record_id: string;
  readonly values_hash: string;
}

interface RunRow extends SqlRow {
  readonly crm: string;
  readonly direction: string;
  readonly started_at: number;
  readonly finished_at: number;
  readonly written: number;
  readonly unchanged: number;
  readonly unmatched: number;
  readonly failed: number;
  readonly detail: string | null;
}

const entityType = (text: string): EntityType => (text === 'account' ? 'account' : 'user');

export class SqlCrmState implements CrmState {
  constructor(private readonly db: SqlClient) {}

  async currentVersion(workspaceId: string): Promise<string | null> {
    const [live] = await this.db.query<{ version: string | null }>(
      `SELECT version FROM definition_activations WHERE workspace_id = $1 AND role = 'live'
       ORDER BY seq DESC LIMIT 1`,
      [workspaceId],
    );
    if (live?.version !== undefined && live.version !== null) return live.version;
    const [latest] = await this.db.query<{ definition_version: string }>(
      `SELECT definition_version FROM entity_states WHERE workspace_id = $1
       GROUP BY definition_version ORDER BY max(as_of) DESC, definition_version LIMIT 1`,
      [workspaceId],
    );
    return latest?.definition_version ?? null;
  }

  async scoredEntities(
    workspaceId: string,
    version: string,
    traitKeys: readonly string[],
  ): Promise<ScoredEntity[]> {
    const rows = await this.db.query<StateRow>(
      `SELECT s.entity_type, s.entity_id, s.definition_version, s.score, s.tier, s.hand_raiser,
              s.gates_pass, l.owner, q.receipt
       FROM entity_states s
       LEFT JOIN leads l
         ON l.workspace_id = s.workspace_id AND l.entity_type = s.entity_type AND l.entity_id = s.entity_id
       LEFT JOIN (
         SELECT entity_type, entity_id, receipt,
                row_number() OVER (PARTITION BY entity_type, entity_id ORDER BY seq DESC) AS n
         FROM qualifications
         WHERE workspace_id = $1 AND definition_version = $2 AND receipt IS NOT NULL
       ) q ON q.entity_type = s.entity_type AND q.entity_id = s.entity_id AND q.n = 1
       WHERE s.workspace_id = $1 AND s.definition_version = $2
       ORDER BY s.entity_type, s.entity_id`,
      [workspaceId, version],
    );
    const traits = new Map<string, Record<string, unknown>>();
    if (traitKeys.length > 0) {
      const traitRows = await this.db.query<TraitRow>(
        `SELECT entity_type, entity_id, key, value FROM (
           SELECT entity_type, entity_id, key, CAST(value AS TEXT) AS value,
                  row_number() OVER (PARTITION BY entity_type, entity_id, key ORDER BY seq DESC) AS n
           FROM traits WHERE workspace_id = $1 AND ${this.db.sql.anyOf('key', 2)}
         ) t WHERE t.n = 1`,
        [workspaceId, [...traitKeys]],
      );
      for (const row of traitRows) {
        const key = `${row.entity_type}:${row.entity_id}`;
        const entry = traits.get(key) ?? {};
        entry[row.key] = parseJson(row.value);
        traits.set(key, entry);
      }
    }
    return rows.map((row) => ({
      entityType: entityType(row.entity_type),
      entityId: row.entity_id,
      definitionVersion: row.definition_version,
      score: Number(row.score),
      tier: row.tier,
      handRaiser: row.hand_raiser,
      gatesPass: row.gates_pass,
      owner: row.owner,
      receipt: row.receipt,
      traits: traits.get(`${row.entity_type}:${row.entity_id}`) ?? {},
    }));
  }

  async pushed(workspaceId: string, crm: CrmName, object: CrmObject): Promise<PushedRecord[]> {
    const rows = await this.db.query<PushedRow>(
      `SELECT entity_type, entity_id, record_id, values_hash FROM crm_push_state
       WHERE workspace_id = $1 AND crm = $2 AND object = $3 ORDER BY entity_type, entity_id`,
      [workspaceId, crm, object],
    );
    return rows.map((row) => ({
      entityType: entityType(row.entity_type),
      entityId: row.entity_id,
      recordId: row.record_id,
      valuesHash: row.values_hash,
    }));
  }

  async recordPushed(
    workspaceId: string,
    crm: CrmName,
    object: CrmObject,
    records: readonly PushedRecord[],
    now: number,
  ): Promise<void> {
    if (records.length === 0) return;
    const unique = [...new Map(records.map((r) => [`${r.entityType}:${r.entityId}`, r])).values()];
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < unique.length; start += CHUNK) {
        const params: SqlParam[] = [workspaceId, crm, object, now];
        const tuples = unique.slice(start, start + CHUNK).map((r) => {
          params.push(r.entityType, r.entityId, r.recordId, r.valuesHash);
          const n = params.length;
          return `($1, $2, $3, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, ${tx.sql.at(4)})`;
        });
        await tx.run(
          `INSERT INTO crm_push_state
             (workspace_id, crm, object, entity_type, entity_id, record_id, values_hash, pushed_at)
           VALUES ${tuples.join(', ')}
           ON CONFLICT (workspace_id, crm, object, entity_type, entity_id) DO UPDATE SET
             record_id = excluded.record_id, values_hash = excluded.values_hash, pushed_at = excluded.pushed_at`,
          params,
        );
      }
    });
  }

  async cursor(workspaceId: string, crm: CrmName, object: string): Promise<number | null> {
    const [row] = await this.db.query<{ modified_at: number }>(
      'SELECT modified_at FROM crm_cursors WHERE workspace_id = $1 AND crm = $2 AND object = $3',
      [workspaceId, crm, object],
    );
    return row === undefined ? null : Number(row.modified_at);
  }

  async setCursor(
    workspaceId: string,
    crm: CrmName,
    object: string,
    modifiedAt: number,
    now: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO crm_cursors (workspace_id, crm, object, modified_at, updated_at)
       VALUES ($1, $2, $3, ${this.db.sql.at(4)}, ${this.db.sql.at(5)})
       ON CONFLICT (workspace_id, crm, object) DO UPDATE SET
         modified_at = excluded.modified_at, updated_at = excluded.updated_at`,
      [workspaceId, crm, object, modifiedAt, now],
    );
  }

  async existingOutcomes(
    workspaceId: string,
    pairs: readonly { readonly source: string; readonly type: string }[],
  ): Promise<Set<string>> {
    const found = new Set<string>();
    const sources = [...new Set(pairs.map((p) => p.source))];
    for (let start = 0; start < sources.length; start += CHUNK) {
      const rows = await this.db.query<{ source: string; type: string }>(
        `SELECT DISTINCT source, type FROM outcomes WHERE workspace_id = $1 AND ${this.db.sql.anyOf('source', 2)}`,
        [workspaceId, sources.slice(start, start + CHUNK)],
      );
      for (const row of rows) found.add(outcomeKey(row.source, row.type));
    }
    return found;
  }

  async recordRun(workspaceId: string, run: SyncRun): Promise<void> {
    await this.db.run(
      `INSERT INTO crm_runs (id, workspace_id, crm, direction, started_at, finished_at, written, unchanged,
         unmatched, failed, detail)
       VALUES ($1, $2, $3, $4, ${this.db.sql.at(5)}, ${this.db.sql.at(6)}, $7, $8, $9, $10, $11)`,
      [
        randomUUID(),
        workspaceId,
        run.crm,
        run.direction,
        run.startedAt,
        run.finishedAt,
        run.written,
        run.unchanged,
        run.unmatched,
        run.failed,
        run.detail,
      ],
    );
  }

  async lastRuns(workspaceId: string): Promise<SyncRun[]> {
    const rows = await this.db.query<RunRow>(
      `SELECT crm, direction, started_at, finished_at, written, unchanged, unmatched, failed, detail FROM (
         SELECT crm, direction, started_at, finished_at, written, unchanged, unmatched, failed, detail,
                row_number() OVER (PARTITION BY crm, direction ORDER BY finished_at DESC, id) AS n
         FROM crm_runs WHERE workspace_id = $1
       ) r WHERE r.n = 1 ORDER BY crm, direction`,
      [workspaceId],
    );
    return rows.map((row) => ({
      crm: row.crm === 'salesforce' ? 'salesforce' : 'hubspot',
      direction: (row.direction === 'pull' ? 'pull' : 'push') satisfies SyncDirection,
      startedAt: Number(row.started_at),
      finishedAt: Number(row.finished_at),
      written: Number(row.written),
      unchanged: Number(row.unchanged),
      unmatched: Number(row.unmatched),
      failed: Number(row.failed),
      detail: row.detail,
    }));
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
