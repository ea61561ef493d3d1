import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HAND_RAISER_YAML } from '../../test/support/crash-rig.ts';
import { tempDir } from '../../test/support/temp-dir.ts';
import { normalizeMessage } from '../collect/normalize.ts';
import { loadDefinition } from '../definition/load-definition.ts';
import { definitionVersion } from '../definition/output/version.ts';
import type { Logger } from '../lib/logger.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { LiveDefinition } from './live-definition.ts';
import { alertEverywhere } from './routing-port.ts';
import { lastCommittedSeq, readStartPoint, recordPendingStart } from './start-points.ts';
import { type StartContext, startingStates } from './version-start.ts';

const T0 = Date.UTC(2026, 5, 1);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let dir: ReturnType<typeof tempDir>;
let store: DuckDbStore;

function definition(): LiveDefinition {
  const { ir } = loadDefinition(HAND_RAISER_YAML, 'kindling.yml');
  if (ir === null) throw new Error('the hand-raiser definition must load');
  return { ir, version: definitionVersion(ir), shadow: false, router: alertEverywhere([]) };
}

async function demoRequested(userId: string): Promise<void> {
  const raw = {
    type: 'track',
    userId,
    event: 'Demo Requested',
    messageId: `${userId}-m`,
    timestamp: new Date(T0 - 60_000).toISOString(),
  };
  const message = normalizeMessage(raw, { receivedAt: T0, endpointType: null, batchSentAt: null });
  if (!message.ok) throw new Error('the test event must be valid');
  await store.append('ws', [message.value], []);
  await store.flushed();
}

const context = (overrides: Partial<StartContext> = {}): StartContext => ({
  client: store.database.client,
  now: () => T0,
  evaluation: { domainAccounts: false },
  log: silent,
  noBaseline: false,
  listenedAfterSeq: null,
  ...overrides,
});

beforeEach(async () => {
  dir = tempDir();
  store = await DuckDbStore.open(dir.path, () => T0);
});

afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('where a version starts', () => {
  it('an empty workspace starts from an empty baseline, recorded, so events after it are never baselined', async () => {
    const live = definition();
    expect((await startingStates(context(), 'ws', live)).size).toBe(0);
    await demoRequested('after-start');
    // A restart: the start point says the version has started, though it recorded no state.
    expect((await startingStates(context(), 'ws', live)).size).toBe(0);
    expect(
      (await readStartPoint(store.database.client, { workspaceId: 'ws', version: live.version }))
        ?.baselinedAt,
    ).toBe(T0);
  });

  it('an activated version is baselined over exactly the rows before its activation', async () => {
    const live = definition();
    await demoRequested('before');
    await recordPendingStart(store.database.client, { workspaceId: 'ws', version: live.version }, T0);
    await demoRequested('after');
    const states = await startingStates(context(), 'ws', live);
    expect([...states.keys()]).toEqual(['before']);
    expect(states.get('before')?.handRaiser).toBe(true);
  });

  it('a start point the engine writes after the server listened covers only what came before', async () => {
    await demoRequested('early');
    const listenedAfterSeq = await lastCommittedSeq(store.database.client);
    await demoRequested('late');
    const states = await startingStates(context({ listenedAfterSeq }), 'ws', definition());
    expect([...states.keys()]).toEqual(['early']);
  });

  it('a version started again forgets its old states; a replay starts from nothing', async () => {
    const live = definition();
    await demoRequested('one');
    expect([...(await startingStates(context(), 'ws', live)).keys()]).toEqual(['one']);
    await demoRequested('two');
    await recordPendingStart(store.database.client, { workspaceId: 'ws', version: live.version }, T0);
    expect([...(await startingStates(context(), 'ws', live)).keys()].sort()).toEqual(['one', 'two']);
    await recordPendingStart(store.database.client, { workspaceId: 'ws', version: live.version }, T0);
    expect((await startingStates(context({ noBaseline: true }), 'ws', live)).size).toBe(0);
  });
});
