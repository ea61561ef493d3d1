/**
 * Tiers around the chosen PQL threshold. The PQL tier starts at the threshold (by default `hot`,
 * routed to an SDR); the tier above it is roughly the best third of PQLs (`burning`, to an AE within
 * hours); the tier below it reaches roughly as many entities again below the line (`warm`, nurture);
 * the lowest tier starts at 0. Positions are taken from the score distribution so the tiers mean
 * shares, not arbitrary points.
 *
 * When the current definition names its own tiers, those names are kept, every one of them: routing
 * rules and destinations refer to tiers by name, so a proposal only moves their minimums.
 */

export interface ProposedTier {
  readonly name: string;
  /** Minimum score (inclusive). */
  readonly min: number;
  /** Entities in this tier, % of all (of the scores given). */
  readonly share: number;
}

/** The current definition's tiers, ascending as in the file, and which of them is the PQL line. */
export interface CurrentTiers {
  readonly tiers: readonly { readonly name: string; readonly min: number }[];
  readonly pqlTier: string;
}

export interface TierOptions {
  /** Share of the PQLs that should be in the tier above the PQL tier. Default 1/3 (each further tier: a third again). */
  readonly burningShareOfPql?: number;
  /** The tier below the PQL tier and up ≈ this multiple of the PQLs (each further tier: that factor again). Default 2. */
  readonly warmFactor?: number;
  /** Keep these tier names (all of them) and move only their minimums. */
  readonly current?: CurrentTiers;
  /** The score cap: kept tiers above the PQL line leave room below it for the tiers above them. */
  readonly cap?: number;
}

const DEFAULT_TIERS: CurrentTiers = {
  tiers: [
    { name: 'cold', min: 0 },
    { name: 'warm', min: 1 },
    { name: 'hot', min: 2 },
    { name: 'burning', min: 3 },
  ],
  pqlTier: 'hot',
};

/**
 * Ascending. Boundaries sit on observed scores: the k-th tier below the PQL tier on the score whose
 * "at least" count is closest to `warmFactor`^k × PQLs, the k-th above on the one closest to
 * `burningShareOfPql`^k × PQLs (ties: the higher score). A lowest tier starting at 0 stays at 0.
 * Without `current`, a tier with no observed score to sit on is left out; with it, the tier is kept
 * between its neighbours (one point above the tier below, or halfway down to the tier below), and
 * each kept tier above the line leaves one point below `cap` for every tier still above it.
 *
 * The one exception to staying within the cap: kept tiers above the line that outnumber the whole
 * scores between the line and the cap (a PQL line at the cap and a tier above it). Their names must
 * stay, so each starts one point above the one below, beyond the cap, where no score reaches it;
 * calibration warns `unreachable-tier`.
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
  const keepAll = options.current !== undefined;
  const { tiers: names, pqlTier } = options.current ?? DEFAULT_TIERS;
  const pqlIndex = names.findIndex((tier) => tier.name === pqlTier);
  const distinct = distinctValues(sorted);
  const closest = (candidates: number[], wanted: number): number | null => {
    let best: number | null = null;
    for (const value of candidates) {
      if (best === null || Math.abs(atLeast(value) - wanted) <= Math.abs(atLeast(best) - wanted))
        best = value;
    }
    return best;
  };

  const mins = new Map<number, number>();
  // The PQL tier of a definition sits at the threshold; a threshold of 0 qualifies everyone and
  // the default tiers then have no PQL tier of their own.
  if (threshold > 0 || keepAll) mins.set(pqlIndex, threshold);
  let above = threshold;
  for (let index = pqlIndex + 1; index < names.length; index++) {
    const wanted = pql * burningShare ** (index - pqlIndex);
    const room = keepAll ? (options.cap ?? Number.POSITIVE_INFINITY) - (names.length - 1 - index) : Infinity;
    const min = closest(
      distinct.filter((value) => value > above && value <= room),
      wanted,
    );
    if (min === null && !keepAll) break;
    above = min ?? above + 1;
    mins.set(index, above);
  }
  let below = threshold;
  for (let index = pqlIndex - 1; index >= 0; index--) {
    const bottomAtZero = index === 0 && (names[0]?.min ?? 0) <= 0;
    if (bottomAtZero) {
      mins.set(0, 0);
      break;
    }
    const min = closest(
      distinct.filter((value) => value > 0 && value < below),
      pql * warmFactor ** (pqlIndex - index),
    );
    if (min === null && !keepAll) continue;
    below = min ?? below / 2;
    mins.set(index, below);
  }

  const kept = names
    .map((tier, index) => ({ name: tier.name, min: mins.get(index) }))
    .filter((tier): tier is { name: string; min: number } => tier.min !== undefined);
  return kept.map((tier, index) => {
    const next = kept[index + 1];
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
