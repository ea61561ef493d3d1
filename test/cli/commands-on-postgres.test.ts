/**
 * Every command that reads stored data gives the same output on PostgreSQL (`--database-url`) as on
 * the embedded data directory holding the same events; and the commands that change data run on
 * the database while a `kindling serve` runs on it (no data-directory lock). In-process, through the
 * binary's own `main`; only the server is a separate process. The PostgreSQL side is this file's own
 * fresh database (test/support/backends.ts): skipped with a warning when none answers, outside CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefinitionIR } from '../../src/definition/ir.ts';
import { loadDefinitionFile } from '../../src/definition/load-definition.ts';
import { fakeHubspot } from '../../src/deliver/test-support/fake-hubspot.ts';
import { type LocalServer, startLocalServer } from '../../src/deliver/test-support/local-http-server.ts';
import { sampleAlert } from '../../src/deliver/test-support/sample-alert.ts';
import { importOutcomes } from '../../src/import/import-outcomes.ts';
import { silentListener } from '../../src/import/import-report.ts';
import { SqlOutboxStore } from '../../src/outbox/sql-outbox-store.ts';
import { replayIntoStore } from '../../src/realtime/replay.ts';
import { openEventStore } from '../../src/store/open-event-store.ts';
import type { EventStore } from '../../src/store/store.ts';
import { POSTGRES_RUN_URL } from '../support/backends.ts';
import { fillDemo } from '../support/demo-store.ts';
import type { CliResult } from '../support/run-cli.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { type ServerProcess, spawnServer } from '../support/server-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { ADMIN_KEY } from '../support/test-server.ts';

const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 2);
// Outcomes are per account: calibration needs at least 100 of them.
const DEMO = { users: 450, accounts: 120, days: 45, seed: 11, endAt: END };
const DEFINITION = 'examples/team-plan-pql.yml';
const url = POSTGRES_RUN_URL ?? '';
const dir = tempDir('kindling-cli-pg-');
const dataDir = join(dir.path, 'data');
const iso = (ms: number) => new Date(ms).toISOString();

afterAll(() => dir.remove());

async function definition(file: string): Promise<DefinitionIR> {
  const loaded = await loadDefinitionFile(file);
  if (loaded.ir === null) throw new Error(`${file} is invalid`);
  return loaded.ir;
}

/** The demo's events, traits and outcomes (fillDemo leaves those out), and the qualifications the live engine would have recorded. */
async function fill(store: EventStore, workDir: string): Promise<void> {
  try {
    await fillDemo(store, workDir, DEMO);
    const outcomes = await importOutcomes({
      store,
      workspaceId: 'default',
      file: join(workDir, 'demo', 'outcomes.csv'),
      listener: silentListener,
    });
    expect(outcomes.stored).toBeGreaterThan(0);
    await replayIntoStore(store, 'default', await definition(DEFINITION), {
      from: END - 30 * DAY,
      to: END,
      stepMs: DAY,
    });
  } finally {
    await store.close();
  }
}

/** The same command on both back ends; the outputs must be equal once `fold` removes what may differ. */
async function onBoth(
  args: readonly string[],
  fold: (text: string) => string = (text) => text,
): Promise<{ embedded: CliResult; postgres: CliResult }> {
  const embedded = await runInProcess([...args, '--data-dir', dataDir]);
  const postgres = await runInProcess([...args, '--database-url', url]);
  expect(embedded.stderr).toBe('');
  expect(embedded.code).toBe(0);
  const folded = (r: CliResult) => ({ code: r.code, stdout: fold(r.stdout), stderr: fold(r.stderr) });
  expect(folded(postgres)).toEqual(folded(embedded));
  return { embedded, postgres };
}

describe.skipIf(POSTGRES_RUN_URL === null)('commands on PostgreSQL and on the data directory', () => {
  beforeAll(async () => {
    await fill(await openEventStore({ dataDir }), join(dir.path, 'embedded'));
    await fill(await openEventStore({ dataDir, databaseUrl: url }), join(dir.path, 'pg'));
  }, 600_000);

  it('score: the same table, JSON and CSV', async () => {
    for (const format of ['table', 'json', 'csv']) {
      const { embedded } = await onBoth([
        'score',
        '--definition',
        DEFINITION,
        '--as-of',
        iso(END),
        '--format',
        format,
      ]);
      expect(embedded.stdout.split('\n').length).toBeGreaterThan(10);
    }
  }, 120_000);

  it('explain: the same receipt for the top-scored account', async () => {
    const scored = await runInProcess([
      'score',
      '--definition',
      DEFINITION,
      '--as-of',
      iso(END),
      '--format',
      'json',
      '--limit',
      '1',
      '--database-url',
      url,
    ]);
    const top = (JSON.parse(scored.stdout) as { entity_id: string; score: number }[])[0];
    if (top === undefined) throw new Error(`nothing scored: ${scored.stderr}`);
    expect(top.score).toBeGreaterThan(0);
    for (const format of ['text', 'json']) {
      await onBoth([
        'explain',
        'account',
        top.entity_id,
        '--definition',
        DEFINITION,
        '--as-of',
        iso(END),
        '--format',
        format,
      ]);
    }
  }, 120_000);

  it('backtest: the same figures', async () => {
    const { embedded } = await onBoth(
      ['backtest', '--definition', DEFINITION, '--from', iso(END - 10 * DAY), '--to', iso(END)],
      // The time the replay took is the only figure that may differ.
      (text) => text.replace(/evaluations in \d+\.\d s/g, 'evaluations in – s'),
    );
    expect(embedded.stdout).toContain('evaluations');
  }, 300_000);

  it('report: the same funnel', async () => {
    const period = ['--from', iso(END - 30 * DAY), '--to', iso(END + DAY), '--workspace', 'default'];
    for (const format of ['table', 'json']) {
      const { embedded } = await onBoth(['report', ...period, '--format', format]);
      expect(embedded.stdout.length).toBeGreaterThan(100);
    }
  }, 120_000);

  it('calibrate: the same proposal and report', async () => {
    const outs = { embedded: join(dir.path, 'cal-embedded'), postgres: join(dir.path, 'cal-pg') };
    // The small demo has few wins: calibrate on reaching "contacted", decided early, on a random holdout.
    const common = [
      'calibrate',
      '--definition',
      DEFINITION,
      '--label',
      'contacted',
      '--decision-after',
      '3d',
      '--target-rate',
      '10%',
      '--holdout',
      '40%',
      '--holdout-seed',
      '7',
    ];
    const embedded = await runInProcess([...common, '--out', outs.embedded, '--data-dir', dataDir]);
    const postgres = await runInProcess([...common, '--out', outs.postgres, '--database-url', url]);
    // A proposal, or a refusal by the guards (a small demo), is the same on both, with the same report.
    const folded = (r: CliResult, out: string) => ({
      code: r.code,
      stdout: r.stdout.replaceAll(out, 'OUT'),
      stderr: r.stderr.replaceAll(out, 'OUT'),
    });
    expect(folded(postgres, outs.postgres)).toEqual(folded(embedded, outs.embedded));
    expect(embedded.stdout, embedded.stderr).toContain('Rows: ');
    const files = embedded.code === 0 ? ['proposed.yml', 'report.json'] : ['report.json'];
    for (const file of files) {
      expect(readFileSync(join(outs.postgres, file), 'utf8')).toBe(
        readFileSync(join(outs.embedded, file), 'utf8'),
      );
    }
  }, 300_000);
});

describe.skipIf(POSTGRES_RUN_URL === null)('commands beside a kindling serve on the same database', () => {
  let server: ServerProcess | null = null;
  let hubspotServer: LocalServer | null = null;
  const pg = ['--database-url', url];

  beforeAll(async () => {
    server = await spawnServer(join(dir.path, 'node'), pg);
  }, 180_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await hubspotServer?.close();
  });

  it('activates, lists and rolls back versions; the server sees what the CLI activated', async () => {
    const first = await runInProcess(['activate', DEFINITION, '--note', 'from the CLI', ...pg]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^live: [0-9a-f]{12}; shadow: none/);
    const live = first.stdout.slice(6, 18);
    const other = join(dir.path, 'stricter.yml');
    writeFileSync(
      other,
      readFileSync(DEFINITION, 'utf8').replace('name: team-plan-pql', 'name: team-plan-stricter'),
    );
    const second = await runInProcess(['activate', other, ...pg]);
    expect(second.code).toBe(0);
    const listed = await runInProcess(['versions', '--format', 'json', ...pg]);
    const versions = (JSON.parse(listed.stdout) as { versions: { version: string; live: boolean }[] })
      .versions;
    expect(versions.filter((v) => v.live).map((v) => v.version)).toEqual([second.stdout.slice(6, 18)]);

    const rolled = await runInProcess(['rollback', ...pg]);
    expect(rolled.stderr).toBe('');
    expect(rolled.stdout).toContain(`to ${live} (team-plan-pql)`);
    // The server reads the versions from the same database: its admin API names the rolled-back one.
    const res = await fetch(`${server?.url}/api/versions`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ live });
  }, 120_000);

  it('lists and replays deliveries', async () => {
    const store = await openEventStore({ dataDir, databaseUrl: url });
    let deadId = '';
    try {
      const outbox = new SqlOutboxStore(store.database.client);
      const [dead] = await outbox.enqueue(sampleAlert({ id: 'q_cli_dead', entityId: 'u_7' }), ['hook']);
      if (dead === undefined) throw new Error('not enqueued');
      await outbox.claim(Date.now(), 10, 60_000);
      await outbox.markDead(dead, { status: 400, detail: 'HTTP 400: refused' });
      deadId = dead;
    } finally {
      await store.close();
    }
    const failed = await runInProcess(['deliveries', '--failed', ...pg]);
    expect(failed.stderr).toBe('');
    expect(failed.stdout).toMatch(new RegExp(`${deadId}\\s+hook\\s+user:u_7\\s+dead`));
    const replay = await runInProcess(['deliveries', 'replay', deadId, ...pg]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`${deadId}\\s+hook\\s+user:u_7\\s+pending\\s+0`));
    const health = await runInProcess(['deliveries', 'health', ...pg]);
    expect(health.stdout).toMatch(/^hook\s/m);
  }, 120_000);

  it('pushes PQL state to a HubSpot-shaped server', async () => {
    const token = 'pat-na1-pg-cli';
    const hubspot = fakeHubspot(token);
    const store = await openEventStore({ dataDir, databaseUrl: url });
    let domain = '';
    try {
      const [hot] = await store.database.client.query<{ entity_id: string }>(
        `SELECT entity_id FROM entity_states WHERE workspace_id = 'default' AND entity_type = 'account'
         ORDER BY score DESC, entity_id LIMIT 1`,
      );
      const account = hot === undefined ? null : await store.entity('default', 'account', hot.entity_id);
      const trait = account?.traits.domain;
      if (typeof trait !== 'string') throw new Error('no scored account with a domain');
      domain = trait;
    } finally {
      await store.close();
    }
    hubspot.companies.set(domain, { id: '901', properties: { domain } });
    hubspotServer = await startLocalServer(hubspot.handle);
    const file = join(dir.path, 'crm.yml');
    writeFileSync(
      file,
      `${readFileSync(DEFINITION, 'utf8')}
crm:
  hubspot:
    token_env: PG_CLI_HUBSPOT_TOKEN
    base_path: ${hubspotServer.url}
    allow_private_network: true
`,
    );
    const push = await runInProcess(['crm', 'push', '--definition', file, ...pg], {
      PG_CLI_HUBSPOT_TOKEN: token,
    });
    expect(push.stderr).toBe('');
    expect(push).toMatchObject({ code: 0 });
    expect(push.stdout).toMatch(/wrote 1 \(0 created\)/);
    const status = await runInProcess(['crm', 'status', '--definition', file, ...pg]);
    expect(status.stdout).toMatch(/hubspot push: .*: 1 written/);
  }, 180_000);
});
