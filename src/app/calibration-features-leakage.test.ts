/**
 * Leakage and bad input, end to end from the store: a trait and an event that encode the label
 * before the decision time are flagged and left out (or refused), or excluded by configuration;
 * a trait and an event recorded after the decision time are never seen; entities already decided
 * by their decision time are not rows; and data that cannot make a meaningful model give a coded
 * error. The data are hand-made: every user's fate is known in advance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.ts';
import { calibrate } from '../learn/calibrate.ts';
import { DuckDbStore } from '../store/duckdb/duckdb-store.ts';
import { type CalibrationFeatureRequest, calibrationFeatures } from './calibration-features.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 6);
const dir = tempDir();
let store: DuckDbStore;

interface Rows {
  events: string[];
  traits: string[];
  outcomes: string[];
}

const ts = (ms: number) => `epoch_ms(CAST(${ms} AS BIGINT))`;

/**
 * User i signs up on day i % 80 at 10:00 and is decided 7 days later (end of that day). It converts
 * when i % 3 = 0 or i % 4 = 0 (won on day +20, else lost on day +25); users i % 50 = 1 win on day +2,
 * before their decision. Converters get the trait `stage: "customer"` on day +3 and send `Contract
 * Sent` on day +5 (both before the decision: leaks; a few non-converters send it too); `paid: true`
 * and `Invoice Paid` come with the win.
 */
function workspaceRows(ws: string, users: number, wins: (i: number) => boolean): Rows {
  const rows: Rows = { events: [], traits: [], outcomes: [] };
  let seq = 0;
  const event = (user: string, name: string, at: number) =>
    rows.events.push(
      `('${ws}', ${++seq}, '${ws}-${seq}', 'track', '${name}', '${user}', ${ts(at)}, ${ts(at)}, '{}')`,
    );
  const trait = (user: string, key: string, value: string, at: number) =>
    rows.traits.push(`('${ws}', 'user', '${user}', '${key}', '${value}', ${ts(at)}, ${++seq}, 'test')`);
  const outcome = (user: string, type: string, at: number) =>
    rows.outcomes.push(
      `('${ws}', ${++seq}, 'user', '${user}', '${type}', NULL, NULL, ${ts(at)}, 'test', ${ts(at)})`,
    );
  for (let i = 0; i < users; i++) {
    const user = `u${String(i).padStart(3, '0')}`;
    const signup = START + (i % 80) * DAY + 10 * HOUR;
    event(user, 'Signed Up', signup);
    for (let k = 0; k < 1 + ((i * 7) % 5); k++) event(user, 'Page Viewed', signup + (k + 1) * DAY);
    const early = i % 50 === 1;
    const converts = wins(i);
    if (i % 3 === 0) event(user, 'Report Created', signup + 2 * DAY);
    // A sales step that nearly always means a win: a few who will not convert get it too.
    if (!early && !converts && i % 100 === 7) event(user, 'Contract Sent', signup + 5 * DAY);
    trait(user, 'role', i % 2 === 0 ? '"analyst"' : '"engineer"', signup);
    if (early) {
      outcome(user, 'won', signup + 2 * DAY);
    } else if (converts) {
      trait(user, 'stage', '"customer"', signup + 3 * DAY);
      event(user, 'Contract Sent', signup + 5 * DAY);
      outcome(user, 'won', signup + 20 * DAY);
      trait(user, 'paid', 'true', signup + 20 * DAY);
      event(user, 'Invoice Paid', signup + 20 * DAY + HOUR);
    } else outcome(user, 'lost', signup + 25 * DAY);
  }
  return rows;
}

async function insert(rows: Rows): Promise<void> {
  const conn = store.readConn;
  await conn.run(
    `INSERT INTO events (workspace_id, seq, message_id, type, event, user_id, ts, received_at, properties) VALUES ${rows.events.join(',')}`,
  );
  await conn.run(
    `INSERT INTO traits (workspace_id, entity_type, entity_id, key, value, ts, seq, source) VALUES ${rows.traits.join(',')}`,
  );
  if (rows.outcomes.length > 0) {
    await conn.run(
      `INSERT INTO outcomes (workspace_id, seq, entity_type, entity_id, type, amount, owner, ts, source, received_at) VALUES ${rows.outcomes.join(',')}`,
    );
  }
}

const converts = (i: number) => i % 3 === 0 || i % 4 === 0;

beforeAll(async () => {
  store = await DuckDbStore.open(dir.path);
  await insert(workspaceRows('main', 400, converts));
  await insert({ ...workspaceRows('nowins', 200, () => false) });
  await insert(workspaceRows('tiny', 40, converts));
  // Only the users who sign up in the first 40 days convert: the latest 20 % never do.
  await insert(workspaceRows('early', 400, (i) => converts(i) && i % 80 < 40));
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

function request(
  workspaceId: string,
  extra: Partial<CalibrationFeatureRequest> = {},
): CalibrationFeatureRequest {
  return {
    workspaceId,
    entityType: 'user',
    source: 'events',
    decision: { afterMs: 7 * DAY, atMs: null },
    horizonMs: null,
    label: 'won',
    onlyDecided: false,
    windowsMs: [7 * DAY, 14 * DAY],
    excludeEvents: [],
    excludeTraits: [],
    definition: null,
    ...extra,
  };
}

async function features(workspaceId: string, extra: Partial<CalibrationFeatureRequest> = {}) {
  const built = await calibrationFeatures(store.database, request(workspaceId, extra));
  if (!built.ok) throw new Error(`${built.error.code}: ${built.error.message}`);
  return built.value;
}

describe('leakage', () => {
  it('never shows what was recorded after the decision time, and leaves out the already decided', async () => {
    const { matrix, counts } = await features('main');
    const names = matrix.features.map((f) => f.name);
    expect(names.filter((name) => name.startsWith('paid') || name.startsWith('invoice_paid'))).toEqual([]);
    expect(names).toContain('contract_sent_7d');
    expect(names).toContain('stage_is_customer');
    expect(counts).toMatchObject({ entities: 400, rows: 392, decidedBeforeDecision: 8 });
    for (const feature of matrix.features) {
      matrix.decisionTimes.forEach((t, row) => {
        const at = feature.observedAt?.[row] ?? Number.NaN;
        if (!Number.isNaN(at)) expect(at).toBeLessThanOrEqual(t);
      });
    }
  });

  it('flags and leaves out signals that encode the label before the decision, or refuses them', async () => {
    const { matrix, setup } = await features('main');
    const report = calibrate(matrix, { target: { targetRate: 10 }, setup });
    if (!report.ok) throw new Error(report.error.message);
    const flagged = report.value.leakage.map((flag) => [flag.signal, flag.reason]);
    expect(flagged).toContainEqual(['stage_is_customer', 'separates-label']);
    expect(flagged).toContainEqual(['contract_sent_7d', 'separates-label']);
    const kept = report.value.points.map((p) => p.signal);
    expect(kept).not.toContain('stage_is_customer');
    expect(kept.some((signal) => signal.startsWith('contract_sent'))).toBe(false);
    expect(report.value.dropped).toContainEqual({
      signal: 'stage_is_customer',
      reason: 'leakage',
      coefficient: null,
    });
    expect(report.value.warnings.map((w) => w.code)).toContain('leakage-excluded');
    expect(kept).toContain('report_created_7d');

    const refused = calibrate(matrix, { target: { targetRate: 10 }, onLeakage: 'refuse' });
    expect(!refused.ok && refused.error.code).toBe('leaking-feature');
  });

  it('excludes configured events and traits from every candidate and says so in the report', async () => {
    const { matrix, setup } = await features('main', {
      excludeEvents: ['Contract Sent'],
      excludeTraits: ['stage'],
    });
    const names = matrix.features.map((f) => f.name);
    expect(names.some((name) => name.startsWith('contract_sent') || name.startsWith('stage'))).toBe(false);
    // A count of every event would include the excluded one once scored: left out, with the reason.
    expect(names.some((name) => name.startsWith('events_') || name.startsWith('active_days_'))).toBe(false);
    expect(setup.leftOut).toContainEqual({
      signal: 'events_7d',
      reason: 'counts every event, excluded ones too',
    });
    expect(setup).toMatchObject({ excludedEvents: ['Contract Sent'], excludedTraits: ['stage'] });
    expect(setup.decision).toContain('7d after first seen');
    const report = calibrate(matrix, { target: { targetRate: 10 }, setup });
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.leakage).toEqual([]);
    expect(report.value.setup?.excludedTraits).toEqual(['stage']);
    expect(report.value.validation.proposed.auc).toBeGreaterThan(0.6);
  });
});

describe('bad input gives a coded error, not a model', () => {
  const code = async (workspaceId: string, extra: Partial<CalibrationFeatureRequest> = {}) => {
    const built = await calibrationFeatures(store.database, request(workspaceId, extra));
    if (!built.ok) return built.error.code;
    const report = calibrate(built.value.matrix, { target: { targetRate: 10 } });
    return report.ok ? 'ok' : report.error.code;
  };

  it('no positives, too few rows, a holdout without positives, nothing to decide', async () => {
    expect(await code('nowins')).toBe('no-positives');
    expect(await code('tiny')).toBe('too-few-rows');
    expect(await code('early')).toBe('holdout-no-positives');
    expect(await code('main', { decision: { afterMs: null, atMs: START - DAY } })).toBe('no-entities');
    expect(await code('main')).toBe('ok');
  });

  it('a horizon leaves out the entities whose outcome window is not over yet', async () => {
    const { counts, matrix } = await features('main', { horizonMs: 30 * DAY });
    expect(counts.censored).toBeGreaterThan(0);
    const end = START + 79 * DAY + 10 * HOUR + 25 * DAY; // the latest outcome
    for (const t of matrix.decisionTimes) expect(t + 30 * DAY).toBeLessThanOrEqual(end);
  });
});
