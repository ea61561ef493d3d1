/**
 * Round cuts without changing what they select: a cut `value ≥ c` selects the same rows for every
 * c in (the next lower observed value, the observed value], so the simplest number in that interval
 * is written instead of a float such as 3.4999999 or 598.9333 (a name like `pages_gte_3_4`, a
 * definition line `gte: 590`).
 */

/** The number with the fewest significant digits in `(lower, upper]` (upper itself if none is simpler). */
export function simplestAbove(lower: number, upper: number): number {
  if (!Number.isFinite(upper) || !Number.isFinite(lower) || !(lower < upper)) return upper;
  if (lower < 0 && upper >= 0) return 0;
  const magnitude = Math.max(Math.abs(upper), Math.abs(lower));
  const top = magnitude === 0 ? 0 : Math.floor(Math.log10(magnitude)) + 1;
  for (let exponent = top; exponent >= top - 17; exponent--) {
    const candidate = onGrid(Math.floor(upper / 10 ** exponent), exponent);
    if (candidate > lower && candidate <= upper) return candidate;
  }
  return upper;
}

/** k × 10^exponent without binary noise (34 × 0.1 is 3.4, not 3.4000000000000004). */
function onGrid(k: number, exponent: number): number {
  return exponent >= 0 ? k * 10 ** exponent : Number((k / 10 ** -exponent).toFixed(-exponent));
}

/** A number as part of a signal name: `3.5` → `3_5`, `-2` → `minus_2`, `1e-7` → `0_0000001`. */
export function numberForName(value: number): string {
  const digits = Math.abs(value) < 1e21 ? plainDigits(Math.abs(value)) : String(Math.abs(value));
  return `${value < 0 ? 'minus_' : ''}${digits.replace(/[^0-9a-z]+/g, '_')}`;
}

function plainDigits(value: number): string {
  const text = String(value);
  if (!text.includes('e')) return text;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
