/**
 * The PostgreSQL store: any number of Kindling processes on one database. Writes go through group
 * commit with the database enforcing message-id dedupe (`pg-group-commit.ts`); reads and keys are the
 * portable SQL both back ends share. There is no data-directory lock: CLI commands run beside servers.
 */
import type { NormalizedMessage } from '../../collect/normalized-message.ts';
import { SqlKeyStore } from '../sql-key-store.ts';
import { readEntity, readEventNames, readStats, readUnknownEntities } from '../sql-read-queries.ts';
import type {
  AppendOutcome,
  CommitListener,
  EntityView,
  EventStore,
  OutcomeRow,
  RejectedItem,
  StoreStats,
  TraitRow,
} from '../store.ts';
import { migratePostgres } from './migrations.ts';
import type { PgDatabase } from './pg-client.ts';
import { connectPostgres } from './pg-connect.ts';
import { PgGroupCommit } from './pg-group-commit.ts';

export interface PgStoreOptions {
  readonly now?: () => number;
  /** Connections in the pool (writer, readers, and the sessions of the outbox and the engine). */
  readonly poolSize?: number;
}

export class PgStore implements EventStore {
  readonly keys: SqlKeyStore;
  private readonly writer: PgGroupCommit;

  private constructor(
    readonly database: PgDatabase,
    now: () => number,
    private readonly ownsDatabase: boolean,
  ) {
    this.keys = new SqlKeyStore(database.client, now);
    this.writer = new PgGroupCommit(database.pool, now);
  }

  /** Connects (with errors a person can act on), brings the schema up to date, and opens the store. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const database = await connectPostgres(
      url,
      options.poolSize === undefined ? {} : { max: options.poolSize },
    );
    try {
      await migratePostgres(database.client);
    } catch (error) {
      await database.close();
      throw error;
    }
    return new PgStore(database, options.now ?? Date.now, true);
  }

  /** A store on a database already migrated, left open by `close` (tests, several stores on one pool). */
  static on(database: PgDatabase, now: () => number = Date.now): PgStore {
    return new PgStore(database, now, false);
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

  onCommit(listener: CommitListener): () => void {
    return this.writer.onCommit(listener);
  }

  flushed(): Promise<void> {
    return this.writer.idle();
  }

  /** Forgets claimed message ids older than the dedupe window (done hourly by the writer). */
  purgeExpiredMessageIds(now?: number): Promise<number> {
    return this.writer.purge(now);
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
    if (this.ownsDatabase) await this.database.close();
  }
}
