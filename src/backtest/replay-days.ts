/**
 * Replays a definition over stored history at a fixed step with the live semantics: every entity
 * is scored at each as-of (the series query, src/sql/series/, on DuckDB; one query per as-of on
 * PostgreSQL, score-series-by-points.ts), and a qualification is recorded as
 * the live engine would (src/realtime/tier-transition.ts: the tier rose, or a hand-raiser fired),
 * unless a qualification of the same entity at the same or a higher tier lies within the cooldown.
 * The first grid point is one step before `from`: it only sets each entity's starting state, so an
 * entity already hot when the period starts does not count as qualifying on its first day.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { definitionVersion } from '../definition/output/version.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlDatabase } from '../lib/sql-client.ts';
import type { EntityType, EvaluationOptions } from '../model/dataset.ts';
import { tierRank, tierTransition } from '../realtime/tier-transition.ts';
import { FREE_EMAIL_DOMAINS } from '../score/reference/free-email.ts';
import type { SqlDriver } from '../sql/driver.ts';
import { driverOnClient } from '../sql/drivers/client-driver.ts';
import { loadFreeEmailDomains } from '../sql/load-dataset.ts';
import { type SeriesRow, scoreSeries } from '../sql/series/score-series.ts';
import type { SqlCompileError } from '../sql/sql-error.ts';
import { scoreSeriesByPoints } from './score-series-by-points.ts';

export const DEFAULT_COOLDOWN_MS = 14 * 86_400_000;

export interface ReplayOptions {
  readonly workspaceId: string;
  /** Epoch ms: the first and the last as-of of the period (the last is `from + k × step` ≤ `to`). */
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
  /** Default 14 days. */
  readonly cooldownMs?: number;
  readonly options?: EvaluationOptions;
}

export interface ReplayedQualification {
  readonly definitionVersion: string;
  readonly entityType: EntityType;
  readonly entityId: string;
  readonly kind: 'qualified' | 'downgraded';
  /** Epoch ms: the as-of at which it was seen. */
  readonly asOf: number;
  readonly score: number;
  readonly tier: string | null;
  readonly previousTier: string | null;
  readonly handRaiser: boolean;
  /** The signals that held (names). */
  readonly signals: readonly string[];
}

export interface Replay {
  readonly version: string;
  /** The as-of times evaluated, the baseline one step before `from` included. */
  readonly asOfs: readonly number[];
  readonly qualifications: readonly ReplayedQualification[];
  /** Qualifications a cooldown held back. */
  readonly cooldownSkipped: number;
  /** Every entity scored at some as-of, and the first as-of at which it existed. */
  readonly firstSeen: ReadonlyMap<string, number>;
  /** Per as-of (same order as `asOfs`), how many entities were in each tier ('' = no tier). */
  readonly tierCounts: readonly Readonly<Record<string, number>>[];
  readonly elapsedMs: number;
}

export type ReplayError = SqlCompileError | { readonly code: 'invalid-period'; readonly message: string };

/** The grid of as-of times: the baseline, then `from`, `from + step`, … up to `to`. */
export function replayGrid(
  from: number,
  to: number,
  stepMs: number,
): { startMs: number; stepMs: number; count: number } {
  return { startMs: from - stepMs, stepMs, count: Math.floor((to - from) / stepMs) + 2 };
}

/**
 * Scores the grid on a session of its own over the store's tables, in the store's dialect: one
 * series query where the dialect has the series compiler (DuckDB), else one query per grid point.
 */
async function scoreGrid(
  database: SqlDatabase,
  ir: DefinitionIR,
  input: { grid: ReturnType<typeof replayGrid>; workspaceId: string; options: EvaluationOptions },
): Promise<Result<SeriesRow[], SqlCompileError>> {
  const session = await database.session();
  try {
    const driver: SqlDriver = driverOnClient(session);
    if (input.options.domainAccounts) await loadFreeEmailDomains(driver, FREE_EMAIL_DOMAINS);
    return driver.dialect.supportsSeries
      ? await scoreSeries(driver, ir, { ...input, rows: 'changes' })
      : await scoreSeriesByPoints(driver, ir, input);
  } finally {
    await session.close();
  }
}

export async function replayHistory(
  database: SqlDatabase,
  ir: DefinitionIR,
  options: ReplayOptions,
): Promise<Result<Replay, ReplayError>> {
  const started = performance.now();
  if (!(options.stepMs > 0) || !(options.to >= options.from)) {
    return err({ code: 'invalid-period', message: 'A replay needs from ≤ to and a positive step.' });
  }
  const evaluation = options.options ?? { domainAccounts: false };
  const grid = replayGrid(options.from, options.to, options.stepMs);
  const scored = await scoreGrid(database, ir, {
    grid,
    workspaceId: options.workspaceId,
    options: evaluation,
  });
  if (!scored.ok) return err(scored.error);

  const version = definitionVersion(ir);
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const asOfs = Array.from({ length: grid.count }, (_, j) => grid.startMs + j * grid.stepMs);
  const firstSeen = new Map<string, number>();
  const lastQualified = new Map<string, { at: number; rank: number }>();
  const qualifications: ReplayedQualification[] = [];
  let cooldownSkipped = 0;
  // Tier counts per as-of: apply each change to a running tally, carried forward.
  const deltas = asOfs.map(() => new Map<string, number>());
  const bump = (j: number, tier: string | null, by: number) => {
    const map = deltas[j];
    if (map === undefined) return;
    const key = tier ?? '';
    map.set(key, (map.get(key) ?? 0) + by);
  };
  for (const row of scored.value) {
    const { score, j, previous, nextJ } = row;
    if (previous === null) firstSeen.set(score.entityId, score.asOf);
    // Counted in its tier from this row until it changes again or stops existing.
    if (previous === null || previous.j < j - 1) bump(j, score.tier, 1);
    else if (previous.tier !== score.tier) {
      bump(j, previous.tier, -1);
      bump(j, score.tier, 1);
    }
    if (nextJ === null || nextJ > j + 1) bump(j + 1, score.tier, -1);
    if (j === 0) continue; // the baseline only sets the starting state
    const next = { tier: score.tier, handRaiser: score.handRaiser };
    const kind = tierTransition(ir, previous, next);
    if (kind === null) continue;
    if (kind === 'qualified') {
      const rank = tierRank(ir, score.tier);
      const last = lastQualified.get(score.entityId);
      if (last !== undefined && score.asOf - last.at < cooldownMs && rank <= last.rank) {
        cooldownSkipped += 1;
        continue;
      }
      lastQualified.set(score.entityId, { at: score.asOf, rank });
    }
    qualifications.push({
      definitionVersion: version,
      entityType: ir.entity,
      entityId: score.entityId,
      kind,
      asOf: score.asOf,
      score: score.score,
      tier: score.tier,
      previousTier: previous?.tier ?? null,
      handRaiser: score.handRaiser,
      signals: Object.entries(score.signals)
        .filter(([, outcome]) => outcome.holds)
        .map(([name]) => name),
    });
  }
  const running = new Map<string, number>();
  const tierCounts = deltas.map((map) => {
    for (const [tier, by] of map) running.set(tier, (running.get(tier) ?? 0) + by);
    return Object.fromEntries([...running].filter(([, count]) => count !== 0));
  });
  return ok({
    version,
    asOfs,
    qualifications,
    cooldownSkipped,
    firstSeen,
    tierCounts,
    elapsedMs: performance.now() - started,
  });
}

/** The qualifications (and downgrades) the live engine would have recorded over the period. */
export async function replayDays(
  database: SqlDatabase,
  ir: DefinitionIR,
  options: ReplayOptions,
): Promise<Result<ReplayedQualification[], ReplayError>> {
  const replay = await replayHistory(database, ir, options);
  return replay.ok ? ok([...replay.value.qualifications]) : replay;
}
