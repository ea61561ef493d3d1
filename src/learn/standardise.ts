/**
 * The design matrix the logistic fit iterates over: row-major (one contiguous row per entity, so
 * the Hessian pass walks memory in order), an intercept column of ones first, then each
 * non-constant input column scaled to mean 0 and standard deviation 1.
 */

export interface DesignMatrix {
  /** n × width, row-major. */
  readonly rows: Float64Array;
  /** 1 + number of non-constant columns. */
  readonly width: number;
  readonly means: Float64Array;
  readonly sds: Float64Array;
  /** For each input column, its slot in a row, or null when the column is constant and left out. */
  readonly columnSlot: readonly (number | null)[];
}

export function standardise(columns: readonly Float64Array[]): DesignMatrix {
  const n = columns[0]?.length ?? 0;
  const means = new Float64Array(columns.length);
  const sds = new Float64Array(columns.length);
  const columnSlot: (number | null)[] = [];
  let width = 1;
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
    if (!constant) width++;
  });
  const rows = new Float64Array(n * width);
  for (let i = 0; i < n; i++) rows[i * width] = 1;
  columns.forEach((column, c) => {
    const slot = columnSlot[c];
    if (slot === null || slot === undefined) return;
    const mean = means[c] ?? 0;
    const sd = sds[c] ?? 1;
    for (let i = 0; i < n; i++) rows[i * width + slot] = ((column[i] ?? 0) - mean) / sd;
  });
  return { rows, width, means, sds, columnSlot };
}
