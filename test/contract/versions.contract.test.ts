/**
 * Definition versions (src/versions/version-store.ts), the same on every storage back end: a version
 * is immutable and keyed by the hash of its meaning; activations are an append-only log of live and
 * shadow per workspace; rollback re-activates the previous live version; activating a version that
 * is not running records its pending start point.
 */
import { expect, it } from 'vitest';
import { loadDefinition } from '../../src/definition/load-definition.ts';
import {
  activate,
  activationLog,
  currentVersions,
  findVersion,
  getVersion,
  listVersions,
  rollback,
  saveSource,
  saveVersion,
} from '../../src/versions/index.ts';
import { databasesPerTest, describeEachBackend } from '../support/backends.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

const yaml = (warm: number) => `kindling: 1
name: usage
entity: user
signals:
  used:
    event: Used
    within: 7d
    at_least: 3
points:
  used: 30
tiers:
  cold: 0
  warm: ${warm}
`;

function definition(source: string) {
  const { ir, problems } = loadDefinition(source, 'kindling.yml');
  if (ir === null) throw new Error(`the test definition loads: ${JSON.stringify(problems)}`);
  return ir;
}

describeEachBackend('definition versions', (open) => {
  const database = databasesPerTest(open);
  const client = async () => (await database()).database.client;

  it('stores a version once, by the hash of its meaning, and shows it only where it was activated', async () => {
    const sql = await client();
    const saved = await saveVersion(sql, yaml(10), definition(yaml(10)), T0);
    expect(saved).toMatchObject({ name: 'usage', entityType: 'user', source: yaml(10), createdAt: T0 });
    expect(saved.version).toMatch(/^[0-9a-f]{12}$/);
    // A comment changes the text, not the meaning: the first row stays, untouched.
    const again = await saveSource(sql, `# a comment\n${yaml(10)}`, 'kindling.yml', T0 + 1_000);
    expect(again.ok && again.value.stored).toEqual(saved);
    expect(await getVersion(sql, saved.version)).toEqual(saved);

    expect(await listVersions(sql, 'ws')).toEqual([]);
    expect((await findVersion(sql, 'ws', saved.version.slice(0, 6))).ok).toBe(false);
    await activate(sql, 'ws', 'live', saved.version, 'first', T0);
    expect(await listVersions(sql, 'ws')).toEqual([saved]);
    expect(await findVersion(sql, 'ws', saved.version.slice(0, 6))).toEqual({ ok: true, value: saved });
    expect(await findVersion(sql, 'ws', saved.version.slice(0, 3))).toMatchObject({
      ok: false,
      error: { code: 'unknown-version' },
    });
    expect(await listVersions(sql, 'other')).toEqual([]);
  });

  it('keeps a log of live and shadow: promotion ends the shadow, a shadow can be switched off', async () => {
    const sql = await client();
    const a = await saveVersion(sql, yaml(10), definition(yaml(10)), T0);
    const b = await saveVersion(sql, yaml(20), definition(yaml(20)), T0);
    expect(await currentVersions(sql, 'ws')).toEqual({ live: null, shadow: null });

    await activate(sql, 'ws', 'live', a.version, 'first', T0 + 1);
    expect(await activate(sql, 'ws', 'shadow', b.version, 'try', T0 + 2)).toEqual({
      ok: true,
      value: { live: a, shadow: b },
    });
    expect(await activate(sql, 'ws', 'shadow', null, 'stop', T0 + 3)).toEqual({
      ok: true,
      value: { live: a, shadow: null },
    });
    await activate(sql, 'ws', 'shadow', b.version, 'again', T0 + 4);
    expect(await activate(sql, 'ws', 'live', b.version, 'promote', T0 + 5)).toEqual({
      ok: true,
      value: { live: b, shadow: null },
    });
    expect(await currentVersions(sql, 'other')).toEqual({ live: null, shadow: null });

    const log = await activationLog(sql, 'ws');
    expect(log.map(({ role, version, activatedAt, note }) => ({ role, version, activatedAt, note }))).toEqual(
      [
        { role: 'live', version: a.version, activatedAt: T0 + 1, note: 'first' },
        { role: 'shadow', version: b.version, activatedAt: T0 + 2, note: 'try' },
        { role: 'shadow', version: null, activatedAt: T0 + 3, note: 'stop' },
        { role: 'shadow', version: b.version, activatedAt: T0 + 4, note: 'again' },
        { role: 'live', version: b.version, activatedAt: T0 + 5, note: 'promote' },
        { role: 'shadow', version: null, activatedAt: T0 + 5, note: `promoted ${b.version} to live` },
      ],
    );
    expect(log.every((entry) => entry.workspaceId === 'ws')).toBe(true);
    expect(log.map((entry) => entry.seq)).toEqual([...log.map((entry) => entry.seq)].sort((x, y) => x - y));
  });

  it('rolls back to the previous live version, and says when there is none', async () => {
    const sql = await client();
    const a = await saveVersion(sql, yaml(10), definition(yaml(10)), T0);
    const b = await saveVersion(sql, yaml(20), definition(yaml(20)), T0);
    expect(await rollback(sql, 'ws', T0)).toMatchObject({
      ok: false,
      error: { code: 'no-previous-version' },
    });
    await activate(sql, 'ws', 'live', a.version, null, T0 + 1);
    expect(await rollback(sql, 'ws', T0 + 2)).toMatchObject({
      ok: false,
      error: { code: 'no-previous-version' },
    });
    await activate(sql, 'ws', 'live', b.version, null, T0 + 3);

    expect(await rollback(sql, 'ws', T0 + 4)).toEqual({ ok: true, value: { from: b.version, to: a } });
    expect((await currentVersions(sql, 'ws')).live).toEqual(a);
    expect((await activationLog(sql, 'ws')).at(-1)).toMatchObject({
      role: 'live',
      version: a.version,
      note: `rollback from ${b.version}`,
      activatedAt: T0 + 4,
    });
    // Rolling back again toggles: the previous live version is b.
    expect(await rollback(sql, 'ws', T0 + 5)).toEqual({ ok: true, value: { from: a.version, to: b } });
  });

  it('refuses what cannot be activated, with a code and a hint', async () => {
    const sql = await client();
    expect(await activate(sql, 'ws', 'live', null, null, T0)).toMatchObject({
      ok: false,
      error: { code: 'live-needs-version' },
    });
    expect(await activate(sql, 'ws', 'live', 'feedfeedfeed', null, T0)).toMatchObject({
      ok: false,
      error: { code: 'unknown-version' },
    });
    expect(await activationLog(sql, 'ws')).toEqual([]);
  });

  it('records a pending start point for a version that is not running, and keeps a promoted shadow started', async () => {
    const sql = await client();
    const a = await saveVersion(sql, yaml(10), definition(yaml(10)), T0);
    const b = await saveVersion(sql, yaml(20), definition(yaml(20)), T0);
    const start = async (version: string) => {
      const [row] = await sql.query<{ started_at: number; through_seq: number; baselined_at: number | null }>(
        `SELECT started_at, through_seq, baselined_at FROM definition_start_points
         WHERE workspace_id = 'ws' AND definition_version = $1`,
        [version],
      );
      return row ?? null;
    };
    await sql.run(
      `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, owner, ts, source, received_at)
       VALUES ('ws', 7, 'user', 'u1', 'won', NULL, NULL, ${sql.sql.at(1)}, 'test', ${sql.sql.at(1)})`,
      [T0],
    );
    await activate(sql, 'ws', 'live', a.version, null, T0 + 1);
    expect(await start(a.version)).toEqual({ started_at: T0 + 1, through_seq: 7, baselined_at: null });
    await activate(sql, 'ws', 'shadow', b.version, null, T0 + 2);
    await sql.run(
      `UPDATE definition_start_points SET baselined_at = ${sql.sql.at(1)} WHERE definition_version = $2`,
      [T0 + 3, b.version],
    );
    await activate(sql, 'ws', 'live', b.version, 'promote', T0 + 4);
    expect(await start(b.version)).toEqual({ started_at: T0 + 2, through_seq: 7, baselined_at: T0 + 3 });
    // A version that comes back starts again.
    await activate(sql, 'ws', 'live', a.version, 'back', T0 + 5);
    expect(await start(a.version)).toEqual({ started_at: T0 + 5, through_seq: 7, baselined_at: null });
  });
});
