/**
 * `--decide-at "first <Event> + 7d"` (and `last`, and `first seen`): each entity decided exactly,
 * to the millisecond, after its own event; only entities still open then are rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationFeatures } from '../../src/app/calibration-features.ts';
import { parseDecideAt, resolveSettings } from '../../src/app/calibration-features-settings.ts';
import { DAY, day, type FixtureStore, openFixtureStore } from '../backtest/fixture-store.ts';

let fx: FixtureStore;
const TRIAL_G1 = day(1) + 5 * 3_600_000 + 3 * 60_000 + 7_123; // 05:03:07.123
const TRIAL_G4_LAST = day(3) + 17_000;

beforeAll(async () => {
  fx = await openFixtureStore();
  await fx.track('u1', 'Used', day(0), 'g1');
  await fx.track('u1', 'Trial Started', TRIAL_G1, 'g1');
  await fx.outcome('account', 'g1', 'won', day(20));
  await fx.track('u2', 'Trial Started', day(2), 'g2');
  await fx.outcome('account', 'g2', 'lost', day(5)); // closed before its decision: not a row
  await fx.track('u3', 'Used', day(1), 'g3'); // never started a trial: not a row
  await fx.track('u4', 'Trial Started', day(1), 'g4');
  await fx.track('u4', 'Trial Started', TRIAL_G4_LAST, 'g4');
  await fx.track('u4', 'Used', day(30), 'g4');
  await fx.outcome('account', 'g4', 'opportunity', day(12));
});
afterAll(async () => {
  await fx.close();
});

async function rows(decideAt: string, label = 'won') {
  const settings = resolveSettings({}, { decideAt, entity: 'account' }, null);
  if (!settings.ok) throw new Error(settings.error.message);
  const { entity, source, ...rest } = settings.value;
  const features = await calibrationFeatures(fx.store.database, {
    workspaceId: 'default',
    entityType: entity,
    source,
    label,
    definition: null,
    ...rest,
  });
  if (!features.ok) throw new Error(`${features.error.code}: ${features.error.message}`);
  const { matrix, setup } = features.value;
  const byId = Object.fromEntries(
    matrix.entityIds.map((id, i) => [id, { at: matrix.decisionTimes[i], label: matrix.labels[i] }]),
  );
  return { byId, setup };
}

describe('--decide-at', () => {
  it('decides each entity exactly 7 days after its first such event, leaving out the closed and the never-started', async () => {
    const { byId, setup } = await rows('first Trial Started + 7d');
    expect(byId).toEqual({
      g1: { at: TRIAL_G1 + 7 * DAY, label: 1 },
      g4: { at: day(1) + 7 * DAY, label: 0 },
    });
    expect(setup.decision).toBe('7d after its first Trial Started, exactly');
    expect(setup.population).toMatchObject({ decidedBeforeDecision: 1 });
  });

  it('takes the last such event, or the moment first seen', async () => {
    expect((await rows('last Trial Started + 7d')).byId.g4?.at).toBe(TRIAL_G4_LAST + 7 * DAY);
    const firstSeen = await rows('first seen + 2d');
    expect(firstSeen.byId.g1?.at).toBe(day(0) + 2 * DAY);
    expect(firstSeen.byId.g3?.at).toBe(day(1) + 2 * DAY);
  });

  it('says what it expects when the rule does not parse', () => {
    expect(parseDecideAt('first Trial Started')).toEqual({
      ok: true,
      value: { from: 'first', event: 'Trial Started', offsetMs: 0 },
    });
    const bad = parseDecideAt('sometime');
    expect(!bad.ok && bad.error.message).toContain('"first <Event> + 7d"');
    const both = resolveSettings({}, { decideAt: 'first seen + 1d', decisionAfter: '14d' }, null);
    expect(!both.ok && both.error.code).toBe('invalid-settings');
  });
});

describe('--label beyond won', () => {
  it('counts any outcome stage (an opportunity, or a won deal that passed through one)', async () => {
    const { byId, setup } = await rows('first Trial Started + 7d', 'opportunity');
    expect(byId).toEqual({
      g1: { at: TRIAL_G1 + 7 * DAY, label: 1 },
      g4: { at: day(1) + 7 * DAY, label: 1 },
    });
    expect(setup.label).toBe('opportunity');
  });

  it('counts retention from events: active again 20 days after first seen', async () => {
    const { byId } = await rows('first Trial Started + 7d', 'active after 20d');
    expect(byId).toEqual({
      g1: { at: TRIAL_G1 + 7 * DAY, label: 0 },
      g4: { at: day(1) + 7 * DAY, label: 1 },
    });
  });
});
