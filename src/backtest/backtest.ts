/**
 * A backtest of one definition version: replay it over the period (replay-days.ts), then join its
 * qualifications with the won outcomes inside the horizon after each entity's first qualification.
 * Per tier (the highest an entity qualified at): count, share of signups, precision, recall and
 * lift over the base rate, for the tier alone and for "this tier or higher". Described in
 * docs/backtest.md.
 */
import type { DefinitionIR } from '../definition/ir.ts';
import { type BacktestTable, backtestMetrics } from '../learn/backtest-metrics.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { SqlClient, SqlDatabase } from '../lib/sql-client.ts';
import { tierRank } from '../realtime/tier-transition.ts';
import { signupsBetween } from '../report/funnel-data.ts';
import { DEFAULT_COOLDOWN_MS, type ReplayError, type ReplayOptions, replayHistory } from './replay-days.ts';

/** What a backtest reads: the store's database, on either back end (an `EventStore` is one). */
export interface BacktestStore {
  readonly database: SqlDatabase;
}

/** The row of entities that qualified only through a hand-raiser, below every qualifying tier. */
export const HAND_RAISER_ROW = 'hand-raiser only';

export interface BacktestOptions extends ReplayOptions {
  /** Wins count for a qualification when they fall within this long after it. */
  readonly horizonMs: number;
}

export interface VersionBacktest {
  readonly name: string;
  readonly version: string;
  readonly entityType: 'user' | 'account';
  readonly table: BacktestTable;
  /** Entities scored in the period, those first seen in it, and those that qualified. */
  readonly entities: number;
  readonly signups: number;
  readonly qualifiedEntities: number;
  readonly qualifications: number;
  readonly downgrades: number;
  readonly handRaiserQualifications: number;
  readonly cooldownSkipped: number;
  /** Won outcomes of entities never scored in the period (not in the table). */
  readonly unmatchedWins: number;
  /** Per evaluated day: the as-of and how many entities were in each tier ('' = none). */
  readonly daily: readonly { readonly asOf: string; readonly tiers: Readonly<Record<string, number>> }[];
  /** Per evaluated day, qualifications by tier. */
  readonly qualificationsByDay: readonly {
    readonly asOf: string;
    readonly byTier: Readonly<Record<string, number>>;
  }[];
  readonly evaluations: number;
  readonly elapsedMs: number;
}

/** Each entity's won outcomes, oldest first. */
export async function wonTimes(
  client: SqlClient,
  workspaceId: string,
  entityType: string,
): Promise<Map<string, number[]>> {
  const rows = await client.query<{ entity_id: string; at: number }>(
    `SELECT entity_id, ts AS at FROM outcomes
     WHERE workspace_id = $1 AND entity_type = $2 AND type = 'won' ORDER BY ts, seq`,
    [workspaceId, entityType],
  );
  const wins = new Map<string, number[]>();
  for (const { entity_id: id, at } of rows) wins.set(id, [...(wins.get(id) ?? []), at]);
  return wins;
}

export async function backtestVersion(
  store: BacktestStore,
  ir: DefinitionIR,
  options: BacktestOptions,
): Promise<Result<VersionBacktest, ReplayError>> {
  const result = await backtestVersionWithIds(store, ir, options);
  return result.ok ? ok(result.value.backtest) : result;
}

async function backtestVersionWithIds(
  store: BacktestStore,
  ir: DefinitionIR,
  options: BacktestOptions,
): Promise<Result<{ backtest: VersionBacktest; qualifiedIds: ReadonlySet<string> }, ReplayError>> {
  const replayed = await replayHistory(store.database, ir, options);
  if (!replayed.ok) return err(replayed.error);
  const replay = replayed.value;
  const wins = await wonTimes(store.database.client, options.workspaceId, ir.entity);
  const periodEnd = options.to + options.horizonMs;
  const wonIn = (id: string, after: number, until: number) =>
    (wins.get(id) ?? []).some((at) => at > after && at <= until);

  const qualified = replay.qualifications.filter((q) => q.kind === 'qualified');
  const first = new Map<string, number>();
  const highest = new Map<string, string | null>();
  for (const q of qualified) {
    if (!first.has(q.entityId)) first.set(q.entityId, q.asOf);
    const before = highest.get(q.entityId);
    if (before === undefined || tierRank(ir, q.tier) > tierRank(ir, before ?? null))
      highest.set(q.entityId, q.tier);
  }
  const qualifyingTiers = ir.tiers.map((t) => t.name).filter((name) => tierRank(ir, name) > 0);
  const ids = [...replay.firstSeen.keys()];
  const baseline = replay.asOfs[0] ?? options.from;
  const tiers = ids.map((id) => {
    if (!highest.has(id)) return null;
    const tier = highest.get(id) ?? null;
    return tier !== null && tierRank(ir, tier) > 0 ? tier : HAND_RAISER_ROW;
  });
  const won = Uint8Array.from(ids, (id) => {
    const at = first.get(id);
    return at !== undefined && wonIn(id, at, at + options.horizonMs) ? 1 : 0;
  });
  const wonInPeriod = Uint8Array.from(ids, (id) => (wonIn(id, options.from, periodEnd) ? 1 : 0));
  // A signup: first seen (event, membership or time-stamped trait) after the baseline, up to `to`.
  const signups = new Set(
    (
      await signupsBetween(
        store.database.client,
        options.workspaceId,
        ir.entity,
        baseline + 1,
        options.to + 1,
      )
    ).map((s) => s.entityId),
  );
  const signup = Uint8Array.from(ids, (id) => (signups.has(id) ? 1 : 0));
  const table = backtestMetrics({
    tiers,
    won,
    wonInPeriod,
    signup,
    // The hand-raiser row only for definitions that have hand-raisers.
    tierOrder: ir.handRaisers.length > 0 ? [HAND_RAISER_ROW, ...qualifyingTiers] : qualifyingTiers,
  });
  if (!table.ok) throw new Error(`bug: ${table.error.message}`);
  const seen = new Set(ids);
  let unmatchedWins = 0;
  for (const [id, times] of wins) {
    if (!seen.has(id)) unmatchedWins += times.filter((at) => at > options.from && at <= periodEnd).length;
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const byDay = new Map<number, Record<string, number>>();
  for (const q of qualified) {
    const day = byDay.get(q.asOf) ?? {};
    const key = q.tier !== null && tierRank(ir, q.tier) > 0 ? q.tier : HAND_RAISER_ROW;
    day[key] = (day[key] ?? 0) + 1;
    byDay.set(q.asOf, day);
  }
  const evaluated = replay.asOfs.slice(1);
  const backtest: VersionBacktest = {
    name: ir.name,
    version: replay.version,
    entityType: ir.entity,
    table: table.value,
    entities: ids.length,
    signups: table.value.signups,
    qualifiedEntities: first.size,
    qualifications: qualified.length,
    downgrades: replay.qualifications.length - qualified.length,
    handRaiserQualifications: qualified.filter((q) => q.handRaiser).length,
    cooldownSkipped: replay.cooldownSkipped,
    unmatchedWins,
    daily: evaluated.map((asOf, i) => ({ asOf: iso(asOf), tiers: replay.tierCounts[i + 1] ?? {} })),
    qualificationsByDay: evaluated.map((asOf) => ({ asOf: iso(asOf), byTier: byDay.get(asOf) ?? {} })),
    evaluations: evaluated.length,
    elapsedMs: replay.elapsedMs,
  };
  return ok({ backtest, qualifiedIds: new Set(first.keys()) });
}

export interface BacktestReport {
  readonly workspaceId: string;
  readonly from: string;
  readonly to: string;
  readonly stepDays: number;
  readonly horizonDays: number;
  readonly cooldownDays: number;
  readonly versions: readonly VersionBacktest[];
  /** With two versions: entities each qualified, and the overlap. */
  readonly overlap: { readonly both: number; readonly onlyFirst: number; readonly onlySecond: number } | null;
}

const DAY = 86_400_000;

/** One definition, or two side by side (`--compare`). */
export async function runBacktest(
  store: BacktestStore,
  definitions: readonly DefinitionIR[],
  options: BacktestOptions,
): Promise<Result<BacktestReport, ReplayError>> {
  const versions: VersionBacktest[] = [];
  const qualifiedSets: ReadonlySet<string>[] = [];
  for (const ir of definitions) {
    const result = await backtestVersionWithIds(store, ir, options);
    if (!result.ok) return result;
    versions.push(result.value.backtest);
    qualifiedSets.push(result.value.qualifiedIds);
  }
  const [a, b] = qualifiedSets;
  const overlap =
    a === undefined || b === undefined
      ? null
      : {
          both: [...a].filter((id) => b.has(id)).length,
          onlyFirst: [...a].filter((id) => !b.has(id)).length,
          onlySecond: [...b].filter((id) => !a.has(id)).length,
        };
  return ok({
    workspaceId: options.workspaceId,
    from: new Date(options.from).toISOString(),
    to: new Date(options.to).toISOString(),
    stepDays: options.stepMs / DAY,
    horizonDays: options.horizonMs / DAY,
    cooldownDays: (options.cooldownMs ?? DEFAULT_COOLDOWN_MS) / DAY,
    versions,
    overlap,
  });
}
