/**
 * The seeds' rule of thumb for the share of signups that become PQLs: healthy is 5–15 %. Far
 * above it the bar is too low (sales drowns in leads that will not buy; 60 % is no filter at
 * all); far below it, too high (buyers are missed). Checked over the period and per week with
 * enough signups (at least 20) to say anything. The range is configurable.
 */
export interface HealthyRange {
  /** %, inclusive. */
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_HEALTHY_PQL_RATE: HealthyRange = { min: 5, max: 15 };
const MIN_WEEK_SIGNUPS = 20;

export interface PqlRateWarning {
  readonly code: 'pql-rate-above-healthy-range' | 'pql-rate-below-healthy-range';
  /** The Monday of the week, or null for the whole period. */
  readonly week: string | null;
  readonly pqlRate: number;
  readonly message: string;
}

export function pqlRateWarnings(
  period: { readonly pqlRate: number | null; readonly signups: number },
  weeks: readonly {
    readonly week: string;
    readonly pqlRateOfSignups: number | null;
    readonly signups: number;
  }[],
  range: HealthyRange,
): PqlRateWarning[] {
  const check = (week: string | null, rate: number | null, signups: number): PqlRateWarning[] => {
    if (rate === null || signups === 0) return [];
    const where = week === null ? 'over the period' : `in the week of ${week}`;
    const figures = `${rate.toFixed(1)} % of ${signups} signups ${where} became PQLs; healthy is ${range.min}–${range.max} %`;
    if (rate > range.max)
      return [
        {
          code: 'pql-rate-above-healthy-range',
          week,
          pqlRate: rate,
          message: `${figures}: the bar is too low — raise the PQL tier's minimum (kindling calibrate --target-rate ${range.max}%)`,
        },
      ];
    if (rate < range.min)
      return [
        {
          code: 'pql-rate-below-healthy-range',
          week,
          pqlRate: rate,
          message: `${figures}: the bar may be too high — check the signals, or lower the PQL tier's minimum`,
        },
      ];
    return [];
  };
  return [
    ...check(null, period.pqlRate, period.signups),
    ...weeks.flatMap((w) =>
      w.signups >= MIN_WEEK_SIGNUPS ? check(w.week, w.pqlRateOfSignups, w.signups) : [],
    ),
  ];
}
