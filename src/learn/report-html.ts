/**
 * The calibration report as one self-contained HTML page (inline CSS and SVG, no scripts, no
 * network): validation side by side, proposed points and tiers, per-signal lift, gain chart and
 * threshold curve. Everything shown is read from the report; nothing is recomputed here.
 */
import type { CalibrationReport } from './calibration-report.ts';
import type { ModelMetrics } from './model-metrics.ts';
import { barChart, escapeXml, lineChart, type Series } from './svg-charts.ts';

const num = (value: number | null, digits = 1): string =>
  value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
const pct = (value: number | null): string => (value === null ? '—' : `${num(value)} %`);

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((header) => `<th>${escapeXml(header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function validationTable(report: CalibrationReport): string {
  const { proposed, current, bestSingle } = report.validation;
  const columns: [string, ModelMetrics | null][] = [
    ['proposed', proposed],
    ['current', current],
    [bestSingle === null ? 'best single signal' : `best single: ${bestSingle.signal}`, bestSingle],
  ];
  const row = (name: string, read: (m: ModelMetrics) => string): string[] => [
    name,
    ...columns.map(([, metrics]) => (metrics === null ? '—' : read(metrics))),
  ];
  return table(
    ['holdout', ...columns.map(([name]) => name)],
    [
      row('AUC', (m) => num(m.auc, 3)),
      row('qualified', (m) => String(m.qualified)),
      row('PQL rate', (m) => pct(m.pqlRate)),
      row('precision', (m) => pct(m.precision)),
      row('recall', (m) => pct(m.recall)),
      row('lift at threshold', (m) => num(m.liftAtThreshold, 2)),
      row('top-decile lift', (m) => num(m.topDecileLift, 2)),
    ],
  );
}

function gainChart(report: CalibrationReport): string {
  const { proposed, current, bestSingle } = report.validation;
  const toSeries = (name: string, metrics: ModelMetrics): Series => ({
    name,
    points: metrics.gain.map((point) => [point.share, point.captured] as const),
  });
  const series: Series[] = [toSeries('proposed', proposed)];
  if (current !== null) series.push(toSeries('current', current));
  if (bestSingle !== null) series.push(toSeries(`best single (${bestSingle.signal})`, bestSingle));
  series.push({
    name: 'random',
    points: [
      [0, 0],
      [100, 100],
    ],
  });
  return lineChart(
    { title: 'Gain on the holdout', xLabel: '% of entities, best score first', yLabel: '% of converters' },
    series,
    { xMax: 100, yMax: 100 },
  );
}

function thresholdChart(report: CalibrationReport): string {
  const line = (name: string, read: (p: CalibrationReport['sweep'][number]) => number): Series => ({
    name,
    points: report.sweep.map((point) => [point.threshold, read(point)] as const),
  });
  return lineChart(
    { title: 'Threshold sweep (training)', xLabel: 'score threshold', yLabel: '%' },
    [
      line('PQL rate', (p) => p.pqlRate),
      line('precision', (p) => p.precision),
      line('recall', (p) => p.recall),
    ],
    { xMax: report.cap, yMax: 100 },
  );
}

function liftChart(report: CalibrationReport): string {
  return barChart(
    { title: 'Signal present among converters vs non-converters (training)', xLabel: 'signal', yLabel: '%' },
    ['converters', 'non-converters'],
    report.lift.map((row) => ({
      label: row.signal,
      values: [row.shareOfConverters, row.shareOfNonConverters],
    })),
  );
}

/** The decision time, the label and the exclusions: what a reader needs to judge leakage. */
function setupSection(report: CalibrationReport): string {
  const { setup, rows } = report;
  const split =
    rows.holdoutFirstSeenFrom === null
      ? `Holdout: entities decided from ${rows.holdoutFrom}.`
      : `Holdout: entities decided at ${rows.holdoutFrom} and first seen from ${rows.holdoutFirstSeenFrom} (decision times tie, so the later sign-ups are held out).`;
  if (setup === null) return `<p>${escapeXml(split)}</p>`;
  const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));
  const facts: [string, string][] = [
    ['candidate signals from', setup.source],
    ['entity', setup.entity],
    [
      'converted',
      `a ${setup.label} outcome after the decision time${setup.horizon === null ? '' : `, within ${setup.horizon}`}`,
    ],
    ['decision time', setup.decision],
    ['decision times', `${setup.decisionRange[0]} to ${setup.decisionRange[1]}`],
    ['holdout', split],
    ['excluded events', list(setup.excludedEvents)],
    ['excluded traits', list(setup.excludedTraits)],
    ...Object.entries(setup.population).map(([key, value]): [string, string] => [key, String(value)]),
  ];
  return [
    '<h2>Setup</h2>',
    table(['', ''], facts),
    setup.leftOut.length === 0
      ? ''
      : table(
          ['left out before calibration', 'why'],
          setup.leftOut.map((item) => [item.signal, item.reason]),
        ),
  ].join('');
}

function budgetCostText(report: CalibrationReport): string {
  const cost = report.model.budgetCost;
  if (cost === null) return '';
  return `. What the cap costs: allowed ${cost.maxSignals}, a fit keeps ${cost.signals} signals and ranks the holdout at AUC ${num(cost.auc, 3)}, against ${cost.proposedAuc === null ? '-' : num(cost.proposedAuc, 3)} for these`;
}

export function renderReportHtml(report: CalibrationReport): string {
  const { rows, threshold } = report;
  const target =
    'targetRate' in report.target
      ? `PQL rate ${report.target.targetRate} %`
      : `precision ${report.target.targetPrecision} %`;
  const sections = [
    `<h1>Calibration report</h1>`,
    `<p>${rows.total} entities: ${rows.training} for training (${rows.trainingConverters} converted), ${rows.holdout} in the holdout from ${escapeXml(rows.holdoutFrom)} (${rows.holdoutConverters} converted). Target: ${escapeXml(target)}. Proposed PQL threshold: score ≥ <b>${threshold.threshold}</b> (training PQL rate ${pct(threshold.pqlRate)}, precision ${pct(threshold.precision)}, recall ${pct(threshold.recall)}).</p>`,
    report.refusal === null
      ? ''
      : `<div class="refusal"><p><b>No proposal written</b> (<code>${escapeXml(report.refusal.code)}</code>): ${escapeXml(report.refusal.message)}.</p><p>What to try: ${escapeXml(report.refusal.hint)}.</p></div>`,
    report.warnings.length === 0
      ? ''
      : `<ul class="warnings">${report.warnings.map((w) => `<li><code>${escapeXml(w.code)}</code> ${escapeXml(w.message)}</li>`).join('')}</ul>`,
    setupSection(report),
    '<h2>Validation on the holdout</h2>',
    validationTable(report),
    gainChart(report),
    '<h2>Proposed points</h2>',
    report.proposal.source === 'current'
      ? `<p>The current definition's points: ${escapeXml(report.proposal.reason ?? '')}.</p>`
      : `<p>At most ${report.model.maxSignals} signals${report.model.maxSignalsRule === 'rows' ? ' (one per ten training rows of the rarer class, up to 12)' : ''}${budgetCostText(report)}; points in steps of ${report.model.pointStep ?? 1}.</p>${table(
          ['signal', 'label', 'points', 'at least', 'log-odds', 'z'],
          report.points.map((p) => [
            p.signal,
            p.label ?? '',
            String(p.points),
            p.cut === null ? '' : String(p.cut),
            num(p.coefficient, 3),
            num(p.zScore, 1),
          ]),
        )}`,
    table(
      ['dropped signal', 'reason', 'log-odds'],
      report.dropped.map((d) => [d.signal, d.reason, num(d.coefficient, 3)]),
    ),
    '<h2>Proposed tiers</h2>',
    table(
      ['tier', 'min score', 'share (training)'],
      report.tiers.map((t) => [t.name, String(t.min), pct(t.share)]),
    ),
    thresholdChart(report),
    '<h2>Per-signal lift (training)</h2>',
    liftChart(report),
    table(
      [
        'signal',
        'cut',
        'in converters',
        'in non-converters',
        'conv. present',
        'conv. absent',
        'lift',
        'AUC',
        'strong',
      ],
      report.lift.map((r) => [
        r.signal,
        r.cut === null ? '' : `≥ ${r.cut}`,
        pct(r.shareOfConverters),
        pct(r.shareOfNonConverters),
        pct(r.conversionWhenPresent),
        pct(r.conversionWhenAbsent),
        num(r.lift, 2),
        num(r.auc, 3),
        r.strongSeparator ? 'yes' : '',
      ]),
    ),
    report.leakage.length === 0
      ? ''
      : `<h2>Leakage</h2>${table(
          ['signal', 'reason', 'AUC', 'rows observed late'],
          report.leakage.map((f) => [f.signal, f.reason, num(f.auc, 3), String(f.rowsObservedLate)]),
        )}`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kindling calibration report</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#212529}' +
  'table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #dee2e6;padding:.25rem .5rem;text-align:left}' +
  'th{background:#f8f9fa}.warnings{background:#fff4e6;padding:.75rem 2rem}.refusal{background:#fde8e8;padding:.5rem 1rem}svg{display:block;margin:1rem 0}';
