/** The backtest report as a terminal table, JSON, or a self-contained HTML page with charts. */
import type { BacktestRow } from '../learn/backtest-metrics.ts';
import { type Chart, escapeHtml, htmlPage, htmlTable, pct, textTable } from '../report/html-page.ts';
import type { BacktestReport, VersionBacktest } from './backtest.ts';

export type BacktestFormat = 'table' | 'json' | 'html';

const HEAD = [
  'tier',
  'count',
  'share of signups',
  'won',
  'precision',
  'recall',
  'lift',
  '≥ tier: count',
  'precision',
  'recall',
  'lift',
];

const lift = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)}×`);

function rowCells(row: BacktestRow): (string | number)[] {
  return [
    row.tier ?? 'not qualified',
    row.inTier.count,
    pct(row.inTier.shareOfSignups),
    row.inTier.won,
    pct(row.inTier.precision),
    pct(row.inTier.recall),
    lift(row.inTier.lift),
    row.atOrAbove.count,
    pct(row.atOrAbove.precision),
    pct(row.atOrAbove.recall),
    lift(row.atOrAbove.lift),
  ];
}

function summary(v: VersionBacktest): string {
  return (
    `${v.name} (version ${v.version}, ${v.entityType}s): ${v.entities} scored, ${v.signups} signups, ` +
    `${v.qualifiedEntities} qualified (${v.qualifications} qualifications, ${v.handRaiserQualifications} by a hand-raiser, ` +
    `${v.cooldownSkipped} held back by the cooldown, ${v.downgrades} downgrades); base rate ${pct(v.table.baseRate)} ` +
    `(${v.table.won} won); ${v.evaluations} evaluations in ${(v.elapsedMs / 1000).toFixed(1)} s` +
    (v.unmatchedWins > 0 ? `; ${v.unmatchedWins} wins of entities never scored (unmatched)` : '')
  );
}

function header(report: BacktestReport): string {
  return (
    `Backtest ${report.from} … ${report.to}, every ${report.stepDays} d, horizon ${report.horizonDays} d, ` +
    `cooldown ${report.cooldownDays} d, workspace ${report.workspaceId}`
  );
}

function overlapLine(report: BacktestReport): string | null {
  const o = report.overlap;
  const [a, b] = report.versions;
  if (o === null || a === undefined || b === undefined) return null;
  return `Qualified by both: ${o.both}; only ${a.name} (${a.version}): ${o.onlyFirst}; only ${b.name} (${b.version}): ${o.onlySecond}`;
}

export function formatBacktest(report: BacktestReport, format: BacktestFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'html') return backtestHtml(report);
  const parts = [header(report)];
  for (const v of report.versions) {
    parts.push('', summary(v), textTable(HEAD, v.table.rows.map(rowCells)));
  }
  const overlap = overlapLine(report);
  if (overlap !== null) parts.push('', overlap);
  return `${parts.join('\n')}\n`;
}

function backtestHtml(report: BacktestReport): string {
  const sections = report.versions.map((v) => ({
    title: `${v.name} — version ${v.version}`,
    html: `<p>${escapeHtml(summary(v))}</p>${htmlTable(HEAD, v.table.rows.map(rowCells))}`,
  }));
  const overlap = overlapLine(report);
  if (overlap !== null) sections.push({ title: 'Overlap', html: `<p>${escapeHtml(overlap)}</p>` });
  const charts: Chart[] = [];
  const names = report.versions.map((v) => `${v.name} (${v.version})`);
  const tiers = [
    ...new Set(report.versions.flatMap((v) => v.table.rows.map((r) => r.tier ?? 'not qualified'))),
  ];
  charts.push({
    title: 'Precision by tier (this tier or higher)',
    option: {
      tooltip: {},
      legend: { data: names },
      xAxis: { type: 'category', data: tiers },
      yAxis: { type: 'value', name: '%' },
      series: report.versions.map((v, i) => ({
        name: names[i],
        type: 'bar',
        data: tiers.map((t) => {
          const row = v.table.rows.find((r) => (r.tier ?? 'not qualified') === t);
          return row === undefined ? null : Number(row.atOrAbove.precision.toFixed(2));
        }),
      })),
    },
  });
  for (const v of report.versions) {
    const dayTiers = [...new Set(v.daily.flatMap((d) => Object.keys(d.tiers)))].filter((t) => t !== '');
    charts.push({
      title: `${v.name}: entities per tier, day by day`,
      option: {
        tooltip: { trigger: 'axis' },
        legend: { data: dayTiers },
        xAxis: { type: 'category', data: v.daily.map((d) => d.asOf.slice(0, 10)) },
        yAxis: { type: 'value' },
        series: dayTiers.map((t) => ({
          name: t,
          type: 'line',
          stack: 'tiers',
          areaStyle: {},
          data: v.daily.map((d) => d.tiers[t] ?? 0),
        })),
      },
    });
    const qTiers = [...new Set(v.qualificationsByDay.flatMap((d) => Object.keys(d.byTier)))];
    charts.push({
      title: `${v.name}: qualifications per day`,
      option: {
        tooltip: { trigger: 'axis' },
        legend: { data: qTiers },
        xAxis: { type: 'category', data: v.qualificationsByDay.map((d) => d.asOf.slice(0, 10)) },
        yAxis: { type: 'value' },
        series: qTiers.map((t) => ({
          name: t,
          type: 'bar',
          stack: 'q',
          data: v.qualificationsByDay.map((d) => d.byTier[t] ?? 0),
        })),
      },
    });
  }
  return htmlPage({ title: 'Kindling backtest', subtitle: header(report), sections, charts });
}
