/**
 * The demo workspace: a clearly labelled workspace `demo`, apart from `default` and never mixed
 * with it, filled once with generated data (accounts, users, 60 days of events ending now, CRM
 * traits, sales outcomes) through the real importers, scored and routed with the demo definition
 * (examples/demo/seed-003-accounts.yml: teams, SLAs on a business calendar, a `log` destination),
 * and kept alive by a gentle live stream of events.
 *
 * Filling it takes seconds, so the server starts first and fills it in the background. A marker
 * file in the data directory says it is complete; a fill that was interrupted is wiped and redone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DefinitionIR } from '../definition/ir.ts';
import { type LoadResult, loadDefinition } from '../definition/load-definition.ts';
import type { SqlClient } from '../lib/sql-client.ts';
import type { EventStore } from '../store/store.ts';
import { versionChanges } from '../versions/version-changes.ts';
import { activate, currentVersions, saveVersion } from '../versions/version-store.ts';
import { DAY_MS } from './demo-options.ts';
import { generateDemo } from './generate-demo.ts';
import { importDemo } from './import-demo.ts';
import { writeDemo } from './write-demo.ts';

export const DEMO_WORKSPACE = 'demo';
export const DEMO_WORKSPACE_NAME = 'Demo workspace (generated data)';
export const DEMO_DEFINITION_FILE = resolve(import.meta.dirname, '../../examples/demo/seed-003-accounts.yml');
const MARKER = 'demo-workspace.json';

export interface DemoSize {
  readonly users: number;
  readonly accounts: number;
  readonly days: number;
  readonly seed: number;
}

/** What `npm start` creates: big enough to look real, small enough to fill in a few seconds. */
export const DEMO_SIZE: DemoSize = { users: 2000, accounts: 200, days: 60, seed: 6 };

/**
 * Tables that hold a workspace's data, wiped before an interrupted fill is redone: the store's, then
 * the real-time path's, each group in a transaction of its own (the embedded store keeps the groups
 * in two database files, and a transaction writes one; src/store/duckdb/realtime-database.ts).
 */
const WORKSPACE_TABLES = [
  ['events', 'identity_links', 'memberships', 'traits', 'rejections', 'outcomes', 'suppressions'],
  ['entity_states', 'qualifications', 'leads', 'deliveries', 'definition_activations'],
] as const;

export interface DemoDefinition {
  readonly ir: DefinitionIR;
  readonly source: string;
  readonly file: string;
  /** Teams, round robin and SLAs on a business calendar, so demo leads have owners and clocks. */
  readonly routing: LoadResult['routing'];
  /** A `log` destination writing to the data directory: demo deliveries, sent nowhere. */
  readonly destinations: LoadResult['destinations'];
}

export function loadDemoDefinition(): DemoDefinition {
  const source = readFileSync(DEMO_DEFINITION_FILE, 'utf8');
  const loaded = loadDefinition(source, DEMO_DEFINITION_FILE);
  if (loaded.ir === null) throw new Error(`the demo definition ${DEMO_DEFINITION_FILE} does not load`);
  return {
    ir: loaded.ir,
    source,
    file: DEMO_DEFINITION_FILE,
    routing: loaded.routing,
    destinations: loaded.destinations,
  };
}

export function demoIsFilled(dataDir: string): boolean {
  return existsSync(join(resolve(dataDir), MARKER));
}

/**
 * The demo workspace and its admin key. Returns the key when it was created now (it is shown
 * once, like the default workspace's keys), else null.
 */
export async function ensureDemoWorkspace(store: EventStore): Promise<string | null> {
  await store.keys.ensureWorkspace(DEMO_WORKSPACE, DEMO_WORKSPACE_NAME);
  if ((await store.keys.countLiveKeys(DEMO_WORKSPACE, 'admin')) > 0) return null;
  const { key } = await store.keys.createKey({
    workspaceId: DEMO_WORKSPACE,
    kind: 'admin',
    label: 'demo workspace',
    key: null,
  });
  return key;
}

export interface FillOptions {
  /** The few direct writes (wiping an interrupted fill) go through `store.database`, on either back end. */
  readonly store: EventStore;
  readonly dataDir: string;
  readonly definition: DemoDefinition;
  readonly now: number;
  readonly size?: DemoSize;
  /** Writes qualifications, leads and entity states for the history, as the live engine would have. */
  readonly replay?: (input: {
    readonly ir: DefinitionIR;
    readonly routing: LoadResult['routing'];
    readonly from: number;
    readonly to: number;
  }) => Promise<void>;
}

export interface FillSummary {
  readonly events: number;
  readonly accounts: number;
  readonly outcomes: number;
  readonly seconds: number;
}

/** Fills the demo workspace unless the marker says it is complete; null when there was nothing to do. */
export async function fillDemoWorkspace(options: FillOptions): Promise<FillSummary | null> {
  if (demoIsFilled(options.dataDir)) return null;
  const started = performance.now();
  const size = options.size ?? DEMO_SIZE;
  await wipeDemoRows(options.store.database.client);

  // Ending exactly now also gives the run new message ids, so a redone fill is never deduplicated away.
  const endAt = options.now;
  const demo = generateDemo({ ...size, endAt });
  const dir = join(resolve(options.dataDir), 'demo-import');
  try {
    const files = await writeDemo(demo, { dir, gzip: false });
    await importDemo(options.store, files, { workspaceId: DEMO_WORKSPACE, receivedAt: endAt });
    const outcomes = [...demo.outcomes()].map((o) => ({
      entityType: o.entityType,
      entityId: o.entityId,
      type: o.type,
      amount: o.amount ?? null,
      owner: o.owner ?? null,
      timestamp: Math.round(o.timestamp),
      source: 'demo',
    }));
    await options.store.appendOutcomes(DEMO_WORKSPACE, outcomes);
    await options.replay?.({
      ir: options.definition.ir,
      routing: options.definition.routing,
      from: endAt - size.days * DAY_MS,
      to: endAt,
    });
    // Activated last: the real-time engine starts scoring the demo from the replayed states, and
    // never sees the import as live traffic.
    await activateDemoDefinition(options.store.database.client, options.definition, options.now);
    await writeFile(
      join(resolve(options.dataDir), MARKER),
      `${JSON.stringify({ workspace: DEMO_WORKSPACE, filledAt: new Date(options.now).toISOString(), ...size, endAt: new Date(endAt).toISOString() })}\n`,
    );
    return {
      events: files.events,
      accounts: files.accounts,
      outcomes: outcomes.length,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function wipeDemoRows(client: SqlClient): Promise<void> {
  for (const group of WORKSPACE_TABLES) {
    await client.transaction(async (tx) => {
      for (const table of group)
        await tx.run(`DELETE FROM ${table} WHERE workspace_id = $1`, [DEMO_WORKSPACE]);
    });
  }
}

/** Whatever the version store writes through. */

/** Records the demo definition as the demo workspace's live version (saved once, keyed by its hash). */
async function activateDemoDefinition(db: SqlClient, definition: DemoDefinition, now: number): Promise<void> {
  const stored = await saveVersion(db, definition.source, definition.ir, now);
  if ((await currentVersions(db, DEMO_WORKSPACE)).live?.version === stored.version) return;
  const activated = await activate(db, DEMO_WORKSPACE, 'live', stored.version, 'demo workspace', now);
  if (!activated.ok)
    throw new Error(`the demo definition could not be activated: ${activated.error.message}`);
  versionChanges.emit({ workspaceId: DEMO_WORKSPACE, role: 'live', version: stored.version });
}
