/** Definition versions on a real store: save, activate live/shadow, promote, switch off, roll back, events. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  activate,
  activationLog,
  currentVersions,
  findVersion,
  listVersions,
  rollback,
  saveSource,
  saveVersion,
  VersionChanges,
} from '../../src/versions/index.ts';
import { definition, type FixtureStore, openFixtureStore, USAGE_YAML } from './fixture-store.ts';

let fx: FixtureStore;
beforeEach(async () => {
  fx = await openFixtureStore();
});
afterEach(async () => {
  await fx.close();
});

const first = definition(USAGE_YAML);
const second = definition(USAGE_YAML.replace('warm: 10', 'warm: 20'));

describe('versions', () => {
  test('a version is the hash of the meaning: saving again keeps the first row, comments change nothing', async () => {
    const conn = fx.store.database.client;
    const saved = await saveVersion(conn, USAGE_YAML, first, 1000);
    const again = await saveSource(conn, `# a comment\n${USAGE_YAML}`, 'kindling.yml', 2000);
    if (!again.ok) throw new Error('valid');
    expect(again.value.stored).toEqual(saved);
    expect(saved).toMatchObject({ name: 'usage', entityType: 'user', createdAt: 1000, source: USAGE_YAML });
    expect(saved.ir).toEqual(first);
    expect(await listVersions(conn, 'default')).toEqual([]); // saved, never activated here
    await activate(conn, 'default', 'live', saved.version, null);
    expect((await listVersions(conn, 'default')).map((v) => v.version)).toEqual([saved.version]);
  });

  test('an invalid source is refused with its problems and not saved', async () => {
    const refused = await saveSource(
      fx.store.database.client,
      USAGE_YAML.replace('at_least: 3', 'at_least: many'),
      'k.yml',
    );
    expect(!refused.ok && refused.error.problems.length).toBeGreaterThan(0);
    expect(await listVersions(fx.store.database.client, 'default')).toEqual([]);
  });

  test('live and shadow, promotion ends the shadow, a shadow can be switched off, rollback toggles', async () => {
    const conn = fx.store.database.client;
    const a = await saveVersion(conn, USAGE_YAML, first);
    const b = await saveVersion(conn, 'second', second);
    expect(await currentVersions(conn, 'default')).toEqual({ live: null, shadow: null });
    expect((await rollback(conn, 'default')).ok).toBe(false);

    await activate(conn, 'default', 'live', a.version, 'first');
    const shadowed = await activate(conn, 'default', 'shadow', b.version, 'try');
    expect(shadowed.ok && [shadowed.value.live?.version, shadowed.value.shadow?.version]).toEqual([
      a.version,
      b.version,
    ]);
    const off = await activate(conn, 'default', 'shadow', null, 'stop');
    expect(off.ok && off.value.shadow).toBeNull();
    await activate(conn, 'default', 'shadow', b.version, 'again');
    const promoted = await activate(conn, 'default', 'live', b.version, 'promote');
    expect(promoted.ok && [promoted.value.live?.version, promoted.value.shadow]).toEqual([b.version, null]);

    const back = await rollback(conn, 'default');
    expect(back.ok && [back.value.from, back.value.to.version]).toEqual([b.version, a.version]);
    const forth = await rollback(conn, 'default');
    expect(forth.ok && forth.value.to.version).toBe(b.version);
    expect(
      (await activationLog(conn, 'default')).map((x) => [
        x.role,
        x.version === null ? null : x.version === a.version ? 'a' : 'b',
      ]),
    ).toEqual([
      ['live', 'a'],
      ['shadow', 'b'],
      ['shadow', null],
      ['shadow', 'b'],
      ['live', 'b'],
      ['shadow', null],
      ['live', 'a'],
      ['live', 'b'],
    ]);
    expect((await currentVersions(conn, 'other')).live).toBeNull(); // per workspace
  });

  test('errors are values with a code and a hint', async () => {
    const conn = fx.store.database.client;
    const a = await saveVersion(conn, USAGE_YAML, first);
    const unknown = await activate(conn, 'default', 'live', 'ffffffffffff', null);
    expect(!unknown.ok && unknown.error.code).toBe('unknown-version');
    const liveOff = await activate(conn, 'default', 'live', null, null);
    expect(!liveOff.ok && liveOff.error.code).toBe('live-needs-version');
    const unseen = await findVersion(conn, 'default', a.version.slice(0, 6));
    expect(!unseen.ok && unseen.error.code).toBe('unknown-version'); // not yet this workspace's
    await activate(conn, 'default', 'live', a.version, null);
    const found = await findVersion(conn, 'default', a.version.slice(0, 6));
    expect(found.ok && found.value.version).toBe(a.version);
    expect((await findVersion(conn, 'other', a.version)).ok).toBe(false); // per workspace
    const short = await findVersion(conn, 'default', 'ab');
    expect(!short.ok && short.error.hint).toMatch(/kindling versions/);
  });

  test('VersionChanges reaches every listener, even when one throws, until it unsubscribes', () => {
    const changes = new VersionChanges();
    const heard: string[] = [];
    changes.subscribe(() => {
      throw new Error('broken listener');
    });
    const stop = changes.subscribe((c) => heard.push(`${c.role}:${c.version}`));
    changes.emit({ workspaceId: 'default', role: 'shadow', version: null });
    stop();
    changes.emit({ workspaceId: 'default', role: 'live', version: 'abc' });
    expect(heard).toEqual(['shadow:null']);
  });
});
