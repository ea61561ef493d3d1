/** `kindling score`, `explain`, `sql` and the scores API, on a data directory of demo data. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT_NAMES } from '../../src/sql/dialects/registry.ts';
import { openDemoStore } from '../support/demo-store.ts';
import { runInProcess } from '../support/run-in-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startTestServer, WRITE_KEY } from '../support/test-server.ts';

const DEFINITION = 'examples/demo/seed-003-accounts.yml';
const END = Date.UTC(2025, 5, 2);
const AS_OF = new Date(END).toISOString();
const dir = tempDir();
const dataDir = join(dir.path, 'data');

beforeAll(async () => {
  const store = await openDemoStore(dir.path, { users: 300, accounts: 30, days: 40, seed: 5, endAt: END });
  await store.close();
});
afterAll(() => dir.remove());

const kindling = (args: string[]) => runInProcess([...args, '--data-dir', dataDir]);
const scoreJson = async (...args: string[]) =>
  JSON.parse(
    (await kindling(['score', '--definition', DEFINITION, '--as-of', AS_OF, '--format', 'json', ...args]))
      .stdout,
  ) as ScoreRow[];

type ScoreRow = {
  entity_type: string;
  entity_id: string;
  score: number;
  tier: string;
  hand_raiser: boolean;
  gates: object;
  signals: Record<string, { holds: boolean }>;
};

describe('kindling score / explain', () => {
  it('prints every account as JSON with score, tier, gates, signals and version, filterable by tier', async () => {
    const all = await scoreJson();
    expect(all.length).toBe(30);
    expect(all[0]).toMatchObject({
      entity_type: 'account',
      gates: { activation: expect.any(Boolean) },
      definition_version: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(Object.keys(all[0]?.signals ?? {})).toContain('team_of_three');
    const scores = all.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const hot = await scoreJson('--tier', 'hot');
    expect(hot.every((r) => r.tier === 'hot')).toBe(true);
    expect(hot.length).toBe(all.filter((r) => r.tier === 'hot').length);
    const csv = await kindling(['score', '--definition', DEFINITION, '--as-of', AS_OF, '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^entity_type,entity_id,score,tier/);
    expect(lines.length).toBe(31);
  });

  it('explains the top account in words, and refuses a bad definition with positions', async () => {
    const [top] = await scoreJson('--limit', '1');
    const explained = await kindling([
      'explain',
      'account',
      top?.entity_id ?? '',
      '--definition',
      DEFINITION,
      '--as-of',
      AS_OF,
    ]);
    expect(explained.stdout).toContain(`score ${top?.score}`);
    expect(explained.stdout).toMatch(/Gates: activation ✓/);
    const broken = await kindling(['score', '--definition', 'examples/broken.yml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/examples\/broken\.yml:\d+:\d+ error /);
    const missing = await kindling([
      'explain',
      'account',
      'nope',
      '--definition',
      DEFINITION,
      '--as-of',
      AS_OF,
    ]);
    expect(missing.stderr).toContain('No account "nope"');
  });

  it('prints readable SQL for every dialect', async () => {
    for (const dialect of DIALECT_NAMES) {
      const { stdout, code } = await runInProcess([
        'sql',
        '--dialect',
        dialect,
        '--definition',
        DEFINITION,
        '--as-of',
        AS_OF,
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^WITH/);
      expect(stdout).toContain("'Seat Limit Reached'");
    }
  });
});

describe('scores API', () => {
  it('serves ranked scores and receipts with the server definition, admin keys only', async () => {
    const server = await startTestServer({ dataDir, definition: DEFINITION });
    try {
      const res = await server.admin(`/api/scores?limit=3&asOf=${AS_OF}`);
      const body = res.body as { total: number; scores: ScoreRow[]; definition: { name: string } };
      expect(res.status).toBe(200);
      expect(body.total).toBe(30);
      expect(body.scores).toHaveLength(3);
      expect(body.definition.name).toBe('seed-003-accounts-demo');
      const id = body.scores[0]?.entity_id ?? '';
      const explained = await server.admin(`/api/entities/account/${id}/explain?asOf=${AS_OF}`);
      expect(explained.body).toMatchObject({ receipt: { entityId: id, score: body.scores[0]?.score } });
      expect((await server.admin('/api/scores?asOf=yesterday')).status).toBe(400);
      expect((await server.admin('/api/scores', { key: WRITE_KEY })).status).toBe(403);
    } finally {
      await server.stop();
    }
    // Without the file, the workspace's live version (the file, activated on the first start) scores;
    // a workspace without a version of its own has nothing to score with.
    const bare = await startTestServer({ dataDir });
    try {
      expect((await bare.admin('/api/scores')).body).toMatchObject({
        definition: { name: 'seed-003-accounts-demo' },
      });
      await bare.running.store.keys.ensureWorkspace('other', 'Other');
      const other = await bare.running.store.keys.createKey({
        workspaceId: 'other',
        kind: 'admin',
        label: null,
        key: null,
      });
      expect((await bare.admin('/api/scores', { key: other.key })).body).toMatchObject({
        error: { code: 'no-definition' },
      });
    } finally {
      await bare.stop();
    }
  });
});
