/**
 * Speed of calibration: 100,000 entities × 50 candidate signals (boolean and count features drawn
 * from a known model), the whole `calibrate` pipeline. Prints seconds and peak RSS; the target is
 * ≤ 10 s on 2 cores. Run: `node --import tsx bench/learn-math.ts [--rows N] [--features F]`.
 */
import { parseArgs } from 'node:util';
import { calibrate } from '../src/learn/calibrate.ts';
import type { FeatureColumn, FeatureMatrix } from '../src/learn/feature-matrix.ts';
import { DAY_MS, START_MS, seededRandom } from '../src/learn/testing.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    features: { type: 'string', default: '50' },
    seed: { type: 'string', default: '7' },
  },
});
const n = Number(values.rows);
const p = Number(values.features);
const random = seededRandom(Number(values.seed));

function buildMatrix(): FeatureMatrix {
  const features: FeatureColumn[] = [];
  const eta = new Float64Array(n).fill(-3);
  for (let j = 0; j < p; j++) {
    const count = j % 5 === 4;
    const weight = j < 10 ? (random() - 0.3) * 1.5 : 0;
    const prevalence = 0.05 + random() * 0.4;
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const value = count ? Math.floor(-Math.log(1 - random()) * 3) : random() < prevalence ? 1 : 0;
      column[i] = value;
      eta[i] = (eta[i] ?? 0) + weight * (count ? Math.min(value, 5) / 5 : value);
    }
    features.push({ name: `signal_${j}`, label: null, kind: count ? 'count' : 'boolean', values: column });
  }
  const labels = new Uint8Array(n);
  const decisionTimes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = random() < 1 / (1 + Math.exp(-(eta[i] ?? 0))) ? 1 : 0;
    decisionTimes[i] = START_MS + Math.floor(random() * 120) * DAY_MS;
  }
  return { entityIds: Array.from({ length: n }, (_, i) => `e${i}`), decisionTimes, features, labels };
}

const matrix = buildMatrix();
const started = performance.now();
const report = calibrate(matrix, { target: { targetRate: 10 } });
const seconds = (performance.now() - started) / 1000;
// maxRSS is the kernel's high-water mark (KiB), so short peaks inside calibrate are counted.
const peakRss = process.resourceUsage().maxRSS * 1024;
if (!report.ok) {
  console.error(`calibration failed: ${report.error.code}: ${report.error.message}`);
  process.exitCode = 1;
} else {
  const { points, model, validation } = report.value;
  console.log(
    [
      `entities      ${n.toLocaleString('en')} × ${p} signals`,
      `signals kept  ${points.length} (Newton iterations ${model.iterations})`,
      `holdout AUC   ${validation.proposed.auc?.toFixed(3) ?? '—'}`,
      `seconds       ${seconds.toFixed(2)} (target ≤ 10)`,
      `peak RSS      ${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
    ].join('\n'),
  );
}
