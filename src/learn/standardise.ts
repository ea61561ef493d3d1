/**
 * The design matrix the logistic fit iterates over: an intercept column of ones, then each
 * non-constant input column, which the fit sees scaled to mean 0 and standard deviation 1.
 *
 * The scaled matrix is dense (every centred entry is non-zero), but the inputs are mostly 0/1
 * signals that rarely hold, so the raw values are kept sparse (row by row, only the non-zero
 * entries) and the fit works in raw space, turning its sums into the scaled ones by the
 * change of basis `z = (x − mean) / sd` (see logistic.ts). A row with k non-zero signals costs
 * k² instead of width² in the Hessian pass.
 */

export interface DesignMatrix {
  readonly n: number;
  /** 1 + number of non-constant columns. */
  readonly width: number;
  /** Row i's non-zero raw entries are `slots`/`values` from `rowStart[i]` to `rowStart[i + 1]`. */
  readonly rowStart: Uint32Array;
  /** Slot in 1..width−1, ascending within a row. */
  readonly slots: Uint32Array;
  readonly values: Float64Array;
  /** Per slot (index 0 unused): mean and standard deviation of the raw column. */
  readonly slotMeans: Float64Array;
  readonly slotSds: Float64Array;
  /** Per input column. */
  readonly means: Float64Array;
  readonly sds: Float64Array;
  /** For each input column, its slot, or null when the column is constant and left out. */
  readonly columnSlot: readonly (number | null)[];
}

export function standardise(columns: readonly Float64Array[]): DesignMatrix {
  const n = columns[0]?.length ?? 0;
  const means = new Float64Array(columns.length);
  const sds = new Float64Array(columns.length);
  const columnSlot: (number | null)[] = [];
  let width = 1;
  let nonZero = 0;
  const perRow = new Uint32Array(n);
  columns.forEach((column, c) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i] ?? 0;
    const mean = n === 0 ? 0 : sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += ((column[i] ?? 0) - mean) ** 2;
    const sd = n === 0 ? 0 : Math.sqrt(squares / n);
    means[c] = mean;
    sds[c] = sd;
    // Relative test: a column of identical large values can show rounding noise as variance.
    const constant = !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
    columnSlot.push(constant ? null : width);
    if (constant) return;
    width++;
    for (let i = 0; i < n; i++) {
      if ((column[i] ?? 0) !== 0) {
        nonZero++;
        perRow[i] = (perRow[i] ?? 0) + 1;
      }
    }
  });
  const rowStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = (rowStart[i] ?? 0) + (perRow[i] ?? 0);
  const fill = rowStart.slice(0, n);
  const slots = new Uint32Array(nonZero);
  const values = new Float64Array(nonZero);
  const slotMeans = new Float64Array(width);
  const slotSds = new Float64Array(width).fill(1);
  columns.forEach((column, c) => {
    const slot = columnSlot[c];
    if (slot === null || slot === undefined) return;
    slotMeans[slot] = means[c] ?? 0;
    slotSds[slot] = sds[c] ?? 1;
    for (let i = 0; i < n; i++) {
      const value = column[i] ?? 0;
      if (value === 0) continue;
      const at = fill[i] ?? 0;
      slots[at] = slot;
      values[at] = value;
      fill[i] = at + 1;
    }
  });
  return { n, width, rowStart, slots, values, slotMeans, slotSds, means, sds, columnSlot };
}
