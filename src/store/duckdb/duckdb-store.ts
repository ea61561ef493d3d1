/** The embedded store: one DuckDB file in the data directory, written through group commit. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import { DedupeIndex } from '../dedupe-index.ts';
import { SqlKeyStore } from '../sql-key-store.ts';
import { readEntity, readEventNames, readStats, readUnknownEntities } from '../sql-read-queries.ts';
import {
  type AppendOutcome,
  type CommitListener,
  DEDUPE_WINDOW_MS,
  type EntityView,
  type EventStore,
  type OutcomeRow,
  type RejectedItem,
  type StoreStats,
  type TraitRow,
} from '../store.ts';
import { connect } from './attached-databases.ts';
import { DuckDbClient, DuckDbDatabase } from './duckdb-client.ts';
import { GroupCommitWriter } from './group-commit-writer.ts';
import { type DatabaseOptions, openDatabase } from './open-database.ts';

export { DEDUPE_WINDOW_MS };

export class DuckDbStore implements EventStore {
  /** The database for the ports implemented in SQL (`lib/sql-client.ts`); its client shares `readConn`. */
  readonly database: DuckDbDatabase;

  private constructor(
    readonly instance: DuckDBInstance,
    private readonly writeConn: DuckDBConnection,
    /** For reads and key management; DuckDB's MVCC keeps it consistent beside the writer. */
    readonly readConn: DuckDBConnection,
    private readonly writer: GroupCommitWriter,
    /** The data directory keeps the dedupe snapshot; null for a store opened on a given database. */
    private readonly dedupeState: { readonly dataDir: string | null; readonly dedupe: DedupeIndex },
    now: () => number,
    database?: DuckDbDatabase,
  ) {
    this.database = database ?? new DuckDbDatabase(instance, new DuckDbClient(readConn));
    this.keys = new SqlKeyStore(this.database.client, now);
  }

  readonly keys: SqlKeyStore;

  static async open(
    dataDir: string,
    now: () => number = Date.now,
    options: DatabaseOptions = {},
  ): Promise<DuckDbStore> {
    const instance = await openDatabase(dataDir, options);
    const writeConn = await connect(instance);
    const readConn = await connect(instance);
    const snapshot = restoreDedupeSnapshot(dataDir);
    const dedupe = snapshot?.index ?? new DedupeIndex(DEDUPE_WINDOW_MS, now());
    await loadRecentIds(readConn, dedupe, { now: now(), afterSeq: snapshot?.seq ?? 0 });
    const writer = new GroupCommitWriter(writeConn, dedupe, await nextSeq(readConn), now);
    return new DuckDbStore(instance, writeConn, readConn, writer, { dataDir, dedupe }, now);
  }

  /**
   * A store on an open, migrated database (tests, and stores sharing one instance): reads go through
   * its client, writes through a connection of the store's own; `close` leaves the database open.
   */
  static async onDatabase(database: DuckDbDatabase, now: () => number = Date.now): Promise<DuckDbStore> {
    const readConn = database.client.connection;
    const dedupe = new DedupeIndex(DEDUPE_WINDOW_MS, now());
    await loadRecentIds(readConn, dedupe, { now: now(), afterSeq: 0 });
    const writeConn = await connect(database.instance);
    const writer = new GroupCommitWriter(writeConn, dedupe, await nextSeq(readConn), now);
    return new DuckDbStore(
      database.instance,
      writeConn,
      readConn,
      writer,
      { dataDir: null, dedupe },
      now,
      database,
    );
  }

  append(
    workspaceId: string,
    messages: readonly NormalizedMessage[],
    rejected: readonly RejectedItem[],
  ): Promise<AppendOutcome> {
    return this.writer.write({ workspaceId, messages, rejected });
  }

  async appendTraits(workspaceId: string, traits: readonly TraitRow[]): Promise<number> {
    return (await this.writer.write({ workspaceId, traits })).stored;
  }

  async appendOutcomes(workspaceId: string, outcomes: readonly OutcomeRow[]): Promise<number> {
    return (await this.writer.write({ workspaceId, outcomes })).stored;
  }

  /**
   * The last sequence number committed. The writer numbers every row and holds the file's only
   * write connection (DuckDB locks the file to one process), so this is exact without a query.
   */
  lastCommittedSeq(): number {
    return this.writer.committedSeq;
  }

  /** Listen to what each group commit added (see GroupCommitWriter.onCommit). */
  onCommit(listener: CommitListener): () => void {
    return this.writer.onCommit(listener);
  }

  /** Resolves once every write queued so far is committed. */
  flushed(): Promise<void> {
    return this.writer.idle();
  }

  stats(workspaceId: string): Promise<StoreStats> {
    return readStats(this.database.client, workspaceId);
  }

  unknownEntities(workspaceId: string, type: 'user' | 'account', ids: readonly string[]): Promise<string[]> {
    return readUnknownEntities(this.database.client, workspaceId, type, ids);
  }

  eventNames(workspaceId: string): Promise<string[]> {
    return readEventNames(this.database.client, workspaceId);
  }

  entity(workspaceId: string, type: 'user' | 'account', id: string): Promise<EntityView | null> {
    return readEntity(this.database.client, workspaceId, type, id);
  }

  async close(): Promise<void> {
    await this.writer.close();
    this.writeConn.closeSync();
    const { dataDir, dedupe } = this.dedupeState;
    if (dataDir === null) return;
    saveDedupeSnapshot(dataDir, dedupe, this.writer.lastSeq);
    this.readConn.closeSync();
    this.instance.closeSync();
  }
}

async function nextSeq(conn: DuckDBConnection): Promise<number> {
  const reader = await conn.runAndReadAll(
    `SELECT greatest(
       (SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(seq), 0) FROM traits),
       (SELECT coalesce(max(seq), 0) FROM outcomes)) + 1`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 1);
}

/**
 * The dedupe index as the last clean shutdown left it, so a restart reads back only the messages
 * stored after it instead of every id of the last week (18 s for 11 M ids here). After a crash the
 * snapshot is older, and the tail read is longer, but still complete: it is keyed by sequence.
 */
const snapshotFile = (dataDir: string): string => join(resolve(dataDir), 'dedupe-index.bin');

function restoreDedupeSnapshot(dataDir: string): { index: DedupeIndex; seq: number } | null {
  const file = snapshotFile(dataDir);
  return existsSync(file) ? DedupeIndex.restore(readFileSync(file), DEDUPE_WINDOW_MS) : null;
}

function saveDedupeSnapshot(dataDir: string, dedupe: DedupeIndex, seq: number): void {
  const file = snapshotFile(dataDir);
  writeFileSync(`${file}.tmp`, dedupe.snapshot(seq));
  renameSync(`${file}.tmp`, file);
}

/** Reads back the ids received within the dedupe window and stored after `afterSeq`, chunk by chunk. */
async function loadRecentIds(
  conn: DuckDBConnection,
  dedupe: DedupeIndex,
  at: { readonly now: number; readonly afterSeq: number },
): Promise<void> {
  const now = at.now;
  const result = await conn.stream(
    'SELECT workspace_id, message_id FROM events WHERE seq > $2 AND received_at >= make_timestamp($1::BIGINT * 1000)',
    [now - DEDUPE_WINDOW_MS, at.afterSeq],
  );
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const [workspaces, ids] = chunk.getColumns();
    for (let i = 0; i < chunk.rowCount; i++) dedupe.add(String(workspaces?.[i]), String(ids?.[i]), now);
  }
}
