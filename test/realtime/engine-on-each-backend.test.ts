/**
 * The real-time engine on each storage back end: events stored after the engine started (written with
 * SQL inserts, announced as a commit) are rescored from their slice in the back end's own SQL dialect,
 * and the qualification, its lead and its outbox delivery are stored; a sweep finds nothing new.
 */
import { afterEach, expect, it } from 'vitest';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import { definitionVersion } from '../../src/definition/output/version.ts';
import type { Logger } from '../../src/lib/logger.ts';
import type { SqlClient } from '../../src/lib/sql-client.ts';
import type { CommitListener, CommittedMessage } from '../../src/realtime/commit-source.ts';
import type { LiveDefinition } from '../../src/realtime/live-definition.ts';
import { QualificationFeed } from '../../src/realtime/qualification-feed.ts';
import { RealtimeEngine } from '../../src/realtime/realtime-engine.ts';
import { alertEverywhere } from '../../src/realtime/routing-port.ts';
import { describeEachBackend, type TestDatabase } from '../support/backends.ts';
import { HAND_RAISER_YAML } from '../support/crash-rig.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const errors: unknown[] = [];
const passes: unknown[] = [];
const log: Logger = {
  debug: (message, fields) => {
    if (message === 'real-time pass') passes.push(fields);
  },
  info() {},
  warn() {},
  error: (...args: unknown[]) => void errors.push(args),
};

function definition(): LiveDefinition {
  const { ir } = loadDefinition(HAND_RAISER_YAML, 'kindling.yml');
  if (ir === null) throw new Error('the hand-raiser definition must load');
  return { ir, version: definitionVersion(ir), shadow: false, router: alertEverywhere(['crm-hook']) };
}

let seq = 0;

/** Stores one track event with SQL, as a store would, and returns what its commit announces. */
async function track(c: SqlClient, userId: string, event: string, at: number): Promise<CommittedMessage> {
  seq++;
  await c.run(
    `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, ts, received_at, properties)
     VALUES ('ws', $1, $2, 'track', $3, $4, ${c.sql.at(5)}, ${c.sql.at(5)}, '{}')`,
    [seq, `m${seq}`, event, userId, at],
  );
  return {
    event,
    userId,
    anonymousId: null,
    groupId: null,
    timestamp: at,
    link: null,
    membership: null,
    traitWrites: [],
  };
}

describeEachBackend('the real-time engine', (open) => {
  let db: TestDatabase | undefined;
  let engine: RealtimeEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    await db?.close();
    engine = undefined;
    db = undefined;
  });

  it('qualifies a hand-raiser from its commit: qualification, lead and outbox row stored together', async () => {
    db = await open();
    const c = db.database.client;
    await c.run(`INSERT INTO workspaces (id, name, created_at) VALUES ('ws', 'ws', ${c.sql.at(1)})`, [T0]);
    // Known users before the engine starts: the baseline holds them, so one touched user is a slice.
    for (let n = 0; n < 8; n++) await track(c, `old${n}`, 'Page Viewed', T0 - 3_600_000);
    let listener: CommitListener | null = null;
    const now = T0;
    engine = await RealtimeEngine.create({
      store: {
        database: db.database,
        onCommit: (l) => {
          listener = l;
          return () => {
            listener = null;
          };
        },
        flushed: async () => {},
      },
      definitions: (ws) => (ws === 'ws' ? [definition()] : []),
      evaluation: { domainAccounts: false },
      feed: new QualificationFeed(),
      log,
      now: () => now,
      workspaceIds: ['ws'],
      sweepMs: 3_600_000,
    });
    await engine.prepare();
    engine.start();
    await engine.settle();
    expect(engine.stats.qualifications).toBe(0);

    const message = await track(c, 'ada', 'Demo Requested', T0 - 60_000);
    const announce = listener as CommitListener | null;
    if (announce === null) throw new Error('the engine listens once started');
    passes.length = 0;
    announce([{ workspaceId: 'ws', messages: [message], traits: [], outcomes: [] }], T0);
    await engine.settle();
    // Scored from the slice of the one touched user, not the whole workspace.
    expect(passes).toEqual([expect.objectContaining({ touched: 1, sliced: true, changes: 1 })]);

    expect(errors).toEqual([]);
    expect(engine.stats.failures).toBe(0);
    const qualifications = await c.query<{
      entity_id: string;
      kind: string;
      tier: string | null;
      status: string;
      trigger_event: string | null;
      receipt: string | null;
    }>('SELECT entity_id, kind, tier, status, trigger_event, receipt FROM qualifications');
    expect(qualifications).toHaveLength(1);
    expect(qualifications[0]).toMatchObject({
      entity_id: 'ada',
      kind: 'qualified',
      tier: 'hot',
      status: 'alerted',
      trigger_event: 'Demo Requested',
    });
    expect(JSON.parse(qualifications[0]?.receipt ?? 'null')).toMatchObject({ entityId: 'ada', score: 30 });
    expect(await c.query('SELECT entity_id, status, tier FROM leads')).toEqual([
      { entity_id: 'ada', status: 'open', tier: 'hot' },
    ]);
    expect(await c.query('SELECT entity_id, destination, status FROM deliveries')).toEqual([
      { entity_id: 'ada', destination: 'crm-hook', status: 'pending' },
    ]);
    const [state] = await c.query<{ tier: string | null }>(
      `SELECT tier FROM entity_states WHERE entity_id = 'ada'`,
    );
    expect(state?.tier).toBe('hot');

    // A sweep rescoring everyone finds nothing new to record.
    await engine.sweepNow();
    expect(engine.stats.qualifications).toBe(1);
    expect(engine.stats.failures).toBe(0);
  });
});
