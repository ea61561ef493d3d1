/**
 * Tiers around the chosen PQL threshold. `hot` starts at the threshold (the PQL line, routed to
 * an SDR); `burning` is roughly the best third of PQLs (to an AE within hours); `warm` reaches
 * roughly as many entities again below the line (nurture); `cold` is everyone else from 0.
 * Positions are taken from the score distribution so the tiers mean shares, not arbitrary points.
 */

export interface ProposedTier {
  readonly name: string;
  /** Minimum score (inclusive). */
  readonly min: number;
  /** Entities in this tier, % of all (of the scores given). */
  readonly share: number;
}

export interface TierOptions {
  /** Share of the PQLs that should be `burning`. Default 1/3. */
  readonly burningShareOfPql?: number;
  /** `warm` + `hot` + `burning` ≈ this multiple of the PQLs. Default 2. */
  readonly warmFactor?: number;
}

/**
 * Ascending, starting with `cold: 0`. Boundaries sit on observed scores: `warm` on the score below
 * the threshold whose "at least" count is closest to `warmFactor` × PQLs, `burning` on the score
 * above it closest to `burningShareOfPql` × PQLs (ties: the higher score). A tier with no observed
 * score to sit on is left out.
 */
export function proposeTiers(
  threshold: number,
  scores: Float64Array,
  options: TierOptions = {},
): ProposedTier[] {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const atLeast = (value: number): number => n - lowerBound(sorted, value);
  const pql = atLeast(threshold);
  const burningShare = options.burningShareOfPql ?? 1 / 3;
  const warmFactor = options.warmFactor ?? 2;

  const distinct = distinctValues(sorted);
  const closest = (candidates: number[], wanted: number): number | null => {
    let best: number | null = null;
    for (const value of candidates) {
      if (best === null || Math.abs(atLeast(value) - wanted) <= Math.abs(atLeast(best) - wanted))
        best = value;
    }
    return best;
  };
  const warmMin = closest(
    distinct.filter((value) => value > 0 && value < threshold),
    pql * warmFactor,
  );
  const burningMin = closest(
    distinct.filter((value) => value > threshold),
    pql * burningShare,
  );

  const mins: { name: string; min: number }[] = [{ name: 'cold', min: 0 }];
  if (warmMin !== null) mins.push({ name: 'warm', min: warmMin });
  if (threshold > 0) mins.push({ name: 'hot', min: threshold });
  if (burningMin !== null) mins.push({ name: 'burning', min: burningMin });

  return mins.map((tier, index) => {
    const next = mins[index + 1];
    const inTier = atLeast(tier.min) - (next === undefined ? 0 : atLeast(next.min));
    return { name: tier.name, min: tier.min, share: n === 0 ? 0 : (100 * inTier) / n };
  });
}

/** First index whose value is ≥ `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function distinctValues(sorted: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i] ?? 0;
    if (i === 0 || value !== sorted[i - 1]) out.push(value);
  }
  return out;
}
