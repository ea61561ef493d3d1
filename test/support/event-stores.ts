/**
 * The event store of each back end on a contract suite's test database (`backends.ts`), and
 * messages built the way the collector builds them.
 */
import { normalizeMessage } from '../../src/collect/normalize.ts';
import type { NormalizedMessage } from '../../src/collect/normalized-message.ts';
import { DuckDbDatabase } from '../../src/store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { PgDatabase } from '../../src/store/postgres/pg-client.ts';
import { PgStore } from '../../src/store/postgres/pg-store.ts';
import type { EventStore } from '../../src/store/store.ts';
import type { TestDatabase } from './backends.ts';

/** A store on the test database; closing it leaves the database open (close that in the test). */
export async function eventStoreOn(db: TestDatabase, now: () => number = Date.now): Promise<EventStore> {
  const { database } = db;
  if (database instanceof PgDatabase) return PgStore.on(database, now);
  if (database instanceof DuckDbDatabase) return DuckDbStore.onDatabase(database, now);
  throw new Error(`no event store for ${database.backend}`);
}

/** One Segment message through the collector's normalisation; throws if it would be rejected. */
export function segmentMessage(raw: Record<string, unknown>, receivedAt: number): NormalizedMessage {
  const result = normalizeMessage(raw, { receivedAt, endpointType: null, batchSentAt: null });
  if (!result.ok) throw new Error(`${result.error.code}: ${JSON.stringify(raw)}`);
  return result.value;
}

/** A track call with this message id. */
export const trackOf = (id: string, at: number, userId = 'u1', event = 'Clicked'): NormalizedMessage =>
  segmentMessage({ type: 'track', messageId: id, userId, event, timestamp: new Date(at).toISOString() }, at);
