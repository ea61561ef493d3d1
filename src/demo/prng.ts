/**
 * A small seeded pseudo-random generator, so demo data is byte-identical for a seed on every
 * machine. `Math.random` is never used: it cannot be seeded.
 *
 * Every stream is keyed by (seed, purpose, index) so one account's or user's draws never depend
 * on how many draws an earlier one made; that is what lets messages, account traits and outcomes
 * be produced by separate, lazily consumed iterators and still agree.
 */

/** A 32-bit avalanche mix: every input bit flips about half the output bits. */
export function mix32(value: number): number {
  let x = value | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Combines numbers into one 32-bit key; order matters. */
export function hashKey(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Fold numbers wider than 32 bits (timestamps) so no input bit is silently dropped.
    const low = part >>> 0;
    const high = Math.floor(part / 0x1_0000_0000) >>> 0;
    h = mix32(h ^ low);
    if (high !== 0) h = mix32(h ^ high ^ 0x5bd1e995);
  }
  return h;
}

const TWO_POW_32 = 0x1_0000_0000;

export class Rng {
  private state: number;

  constructor(key: number) {
    this.state = key >>> 0;
  }

  /** Uniform in [0, 1). A Weyl sequence through the mix: cheap, full period 2^32. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state) / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Picks by relative weight; `weights` has one entry per item. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let target = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i] ?? 0;
      const item = items[i];
      if (target < 0 && item !== undefined) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from an empty list');
    return last;
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep streams simple). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Poisson count with the given mean (Knuth's method; the means used here are small). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

/** A weighted choice prepared once, for the hot paths that pick from the same list per event. */
export class WeightedChoice<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('bad weighted choice');
    let sum = 0;
    for (const w of weights) {
      sum += w;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    const last = this.items.length - 1;
    let i = 0;
    while (i < last && target >= (this.cumulative[i] ?? 0)) i++;
    const item = this.items[i];
    if (item === undefined) throw new RangeError('weighted choice out of range');
    return item;
  }
}

/** Purposes of the independent streams; a new purpose gets a new number, never a reused one. */
export const STREAM = {
  account: 1,
  allocation: 2,
  members: 3,
  signals: 4,
  outcomes: 5,
  activity: 6,
  identity: 7,
  freeMail: 8,
} as const;

export function rngFor(seed: number, purpose: number, index: number): Rng {
  return new Rng(hashKey(seed, purpose, index));
}
