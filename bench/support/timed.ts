/** Median wall time of repeated runs, after one uncounted warm-up run (caches, JIT). */
export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function timed<T>(runs: number, body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await body();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await body();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}
