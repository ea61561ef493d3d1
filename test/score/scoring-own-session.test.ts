/**
 * A full score and a receipt run on a database session of their own, never on the store's shared
 * client nor the writer: while a score is held inside its session, a group commit and the shared
 * client's reads complete; while the shared client is held in a transaction, a score completes.
 * The hold is a gate in front of the session's statements, so the proof is by order, not by time.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainStored, scoreStored } from '../../src/app/score-service.ts';
import { normalizeMessage } from '../../src/collect/normalize.ts';
import type { NormalizedMessage } from '../../src/collect/normalized-message.ts';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import type { SqlParam, SqlRow } from '../../src/lib/sql-client.ts';
import { connect } from '../../src/store/duckdb/attached-databases.ts';
import { DuckDbClient, DuckDbDatabase } from '../../src/store/duckdb/duckdb-client.ts';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { openDuckDbTestDatabase, type TestDatabase } from '../support/backends.ts';

const NOW = Date.UTC(2026, 0, 10);
const WS = 'default';

/** A gate: `entered` resolves when the first statement arrives, which then waits for `release`. */
class Hold {
  entered: Promise<void>;
  released: Promise<void>;
  private enter = (): void => undefined;
  private open = (): void => undefined;

  constructor() {
    this.entered = new Promise((resolve) => {
      this.enter = resolve;
    });
    this.released = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  async pass(): Promise<void> {
    this.enter();
    await this.released;
  }

  release(): void {
    this.open();
  }
}

class HeldSession extends DuckDbClient {
  constructor(
    connection: DuckDBConnection,
    private readonly hold: Hold,
  ) {
    super(connection);
  }

  override async query<R extends SqlRow = SqlRow>(text: string, params?: readonly SqlParam[]): Promise<R[]> {
    await this.hold.pass();
    return super.query<R>(text, params);
  }

  override async run(text: string, params?: readonly SqlParam[]): Promise<number> {
    await this.hold.pass();
    return super.run(text, params);
  }
}

/** The embedded database whose next sessions wait behind `hold` (none while it is null). */
class HoldingDatabase extends DuckDbDatabase {
  hold: Hold | null = null;
  sessionsOpened = 0;

  override async session(): Promise<DuckDbClient> {
    this.sessionsOpened += 1;
    const connection = await connect(this.instance);
    return this.hold === null ? new DuckDbClient(connection) : new HeldSession(connection, this.hold);
  }
}

function track(userId: string, event: string, messageId: string): NormalizedMessage {
  const normalized = normalizeMessage(
    { type: 'track', userId, event, messageId, timestamp: new Date(NOW - 3_600_000).toISOString() },
    { receivedAt: NOW, endpointType: null, batchSentAt: null },
  );
  if (!normalized.ok) throw new Error(normalized.error.code);
  return normalized.value;
}

let test: TestDatabase;
let database: HoldingDatabase;
let store: DuckDbStore;
let ir: DefinitionIR;
const request = { workspaceId: WS, asOf: NOW, options: { domainAccounts: false } };

beforeEach(async () => {
  test = await openDuckDbTestDatabase();
  if (!(test.database instanceof DuckDbDatabase)) throw new Error('not the embedded database');
  database = new HoldingDatabase(test.database.instance, test.database.client);
  store = await DuckDbStore.onDatabase(database, () => NOW);
  await store.append(WS, [track('u1', 'Store Connected', 'm1'), track('u1', 'Report Created', 'm2')], []);
  const loaded = await loadDefinitionFile('examples/seed-000-three-of-five.yml');
  if (loaded.ir === null) throw new Error('the example definition is invalid');
  ir = loaded.ir;
});

afterEach(async () => {
  database.hold?.release();
  await store.close();
  await test.close();
});

describe('batch scoring on a session of its own', () => {
  it('a score held inside its session blocks neither a commit nor the shared client', async () => {
    const hold = new Hold();
    database.hold = hold;
    let settled = false;
    const scoring = scoreStored(store, ir, request).finally(() => {
      settled = true;
    });
    await hold.entered;

    const outcome = await store.append(WS, [track('u2', 'Store Connected', 'm3')], []);
    expect(outcome.stored).toBe(1);
    expect((await store.stats(WS)).events.stored).toBe(3);
    expect(await store.entity(WS, 'user', 'u2')).not.toBeNull();
    expect(settled).toBe(false);

    hold.release();
    const scored = await scoring;
    if (!scored.ok) throw new Error(scored.error.message);
    // Its statements ran after the release, so it scores what was committed while it waited.
    expect(scored.value.map((s) => s.entityId).sort()).toEqual(['u1', 'u2']);
    expect(database.sessionsOpened).toBe(1);
  });

  it('a receipt held inside its session blocks neither a commit nor the shared client', async () => {
    const hold = new Hold();
    database.hold = hold;
    let settled = false;
    const explaining = explainStored(store, ir, { ...request, entityType: 'user', entityId: 'u1' }).finally(
      () => {
        settled = true;
      },
    );
    await hold.entered;

    expect((await store.append(WS, [track('u1', 'Dataset Imported', 'm4')], [])).stored).toBe(1);
    expect((await store.stats(WS)).events.stored).toBe(3);
    expect(settled).toBe(false);

    hold.release();
    const explained = await explaining;
    if (!explained.ok) throw new Error(explained.error.message);
    expect(explained.value).not.toBeNull();
  });

  it('a score completes while the shared client is held in a transaction', async () => {
    const shared = new Hold();
    const holding = store.database.client.transaction(() => shared.pass());
    await shared.entered;

    const scored = await scoreStored(store, ir, request);
    const explained = await explainStored(store, ir, { ...request, entityType: 'user', entityId: 'u1' });
    expect(scored.ok && scored.value.map((s) => s.entityId)).toEqual(['u1']);
    expect(explained.ok && explained.value !== null).toBe(true);

    shared.release();
    await holding;
  });
});
