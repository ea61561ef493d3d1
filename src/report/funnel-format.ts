/** The funnel report (and the shadow comparison) as a terminal table, JSON or a self-contained HTML page. */
import type { Conversion, FunnelReport, ShadowComparison } from './funnel.ts';
import type { FunnelResult } from './funnel-report.ts';
import { type Chart, htmlPage, htmlTable, pct, textTable } from './html-page.ts';

export type FunnelFormat = 'table' | 'json' | 'html';

const CONVERSION_HEAD = [
  'PQLs',
  'contacted',
  'within SLA',
  'opportunity',
  'won',
  'lost',
  'PQL → opp',
  'PQL → won',
  'pipeline',
  'won revenue',
  'h to contact',
  'd to opp',
  'd to won',
];
const money = (value: number) => Math.round(value).toLocaleString('en-US');
const conv = (c: Conversion): (string | number)[] => [
  c.pqls,
  `${c.contacted} (${pct(c.contactRate)})`,
  `${c.contactedWithinSla} of ${c.withSla}`,
  c.opportunities,
  c.won,
  c.lost,
  pct(c.opportunityRate),
  pct(c.wonRate),
  money(c.pipeline),
  money(c.wonRevenue),
  num(c.medianHoursToContact),
  num(c.medianDaysToOpportunity),
  num(c.medianDaysToWon),
];
const num = (value: number | null, digits = 1) => (value === null ? '–' : value.toFixed(digits));

function totalsRows(r: FunnelReport): (string | number)[][] {
  const t = r.totals;
  return [
    ['qualifications (live)', t.qualifications],
    ['PQLs (entities)', t.pqls],
    ['signups (first seen in the period)', t.signups],
    ['PQL rate of signups', pct(t.pqlRateOfSignups)],
    ['contacted within SLA', `${t.contactedWithinSla} of ${t.withSla} (${pct(t.contactedWithinSlaShare)})`],
    ['median time to first touch (h)', num(t.medianHoursToFirstTouch)],
    ['PQL → opportunity', `${t.opportunities} (${pct(t.opportunityRate)})`],
    ['PQL → won', `${t.won} (${pct(t.wonRate)})`],
    ['PQL → lost', `${t.lost} (${pct(t.lostRate)})`],
    ['pipeline (opportunity amounts)', money(t.pipeline)],
    ['won revenue', money(t.wonRevenue)],
    ['median days PQL → opportunity', num(t.medianDaysToOpportunity)],
    ['median days opportunity → won', num(t.medianDaysOpportunityToWon)],
    ['median time to close (days)', num(t.medianDaysToClose)],
    ['unmatched outcomes (entity never seen)', r.unmatchedOutcomes.count],
  ];
}

/** Tiers highest first, as the by-tier rows are ordered, then any others seen in the weeks. */
function weekTiers(r: FunnelReport): string[] {
  return [...new Set([...r.byTier.map((row) => row.tier), ...r.weeks.flatMap((w) => Object.keys(w.byTier))])];
}

function sections(result: FunnelResult): { title: string; head: string[]; rows: (string | number)[][] }[] {
  const r = result.report;
  const tiers = weekTiers(r);
  const list = [
    ...(r.warnings.length === 0
      ? []
      : [
          {
            title: 'Warnings',
            head: ['warning', 'what it means'],
            rows: r.warnings.map((w) => [w.code, w.message]),
          },
        ]),
    { title: 'Totals', head: ['measure', 'value'], rows: totalsRows(r) },
    {
      title: 'PQLs per week and tier',
      head: ['week', ...tiers, 'signups', 'PQL signups', 'PQL rate'],
      rows: r.weeks.map((w) => [
        w.week,
        ...tiers.map((t) => w.byTier[t] ?? 0),
        w.signups,
        w.pqlSignups,
        pct(w.pqlRateOfSignups),
      ]),
    },
    {
      title: 'By tier',
      head: ['tier', ...CONVERSION_HEAD],
      rows: r.byTier.map((row) => [row.tier, ...conv(row)]),
    },
    {
      title: 'By score band',
      head: ['score', ...CONVERSION_HEAD],
      rows: r.byScoreBand.map((row) => [row.band, ...conv(row)]),
    },
    {
      title: 'By signal (held at qualification)',
      head: ['signal', ...CONVERSION_HEAD],
      rows: r.bySignal.map((row) => [row.signal, ...conv(row)]),
    },
    {
      title: 'By definition version',
      head: ['version', ...CONVERSION_HEAD],
      rows: r.byVersion.map((row) => [row.version, ...conv(row)]),
    },
    {
      title: 'By definition version and tier',
      head: ['version', 'tier', ...CONVERSION_HEAD],
      rows: r.byVersionAndTier.map((row) => [row.version, row.tier, ...conv(row)]),
    },
    {
      title: 'PQL versus non-PQL signups',
      head: ['signups', ...CONVERSION_HEAD],
      rows: [
        ['PQL', ...conv(r.baseline.pql)],
        ['non-PQL', ...conv(r.baseline.nonPql)],
      ],
    },
  ];
  if (r.unmatchedOutcomes.count > 0) {
    list.push({
      title: 'Unmatched outcomes (entity never seen)',
      head: ['type', 'count'],
      rows: Object.entries(r.unmatchedOutcomes.byType).map(([type, count]) => [type, count]),
    });
  }
  if (result.shadow !== null) list.push(shadowSection(result.shadow));
  return list;
}

function shadowSection(s: ShadowComparison): { title: string; head: string[]; rows: (string | number)[][] } {
  const tiers = [...new Set([...Object.keys(s.live.byTier), ...Object.keys(s.shadow.byTier)])];
  return {
    title: 'Live versus shadow',
    head: ['', 'live', 'shadow'],
    rows: [
      ['version', s.live.version ?? '–', s.shadow.version ?? '–'],
      ['qualifications', s.live.qualifications, s.shadow.qualifications],
      ['entities', s.live.entities, s.shadow.entities],
      ...tiers.map((t) => [`tier ${t}`, s.live.byTier[t] ?? 0, s.shadow.byTier[t] ?? 0]),
      ['qualified by both', s.both, s.both],
      ['qualified by only this one', s.onlyLive.length, s.onlyShadow.length],
    ],
  };
}

export function formatFunnel(result: FunnelResult, format: FunnelFormat): string {
  const r = result.report;
  if (format === 'json') {
    return `${JSON.stringify(result.shadow === null ? r : { ...r, shadow: result.shadow }, null, 2)}\n`;
  }
  const subtitle = `${r.entityType}s, ${r.from} … ${r.to}`;
  const tiers = weekTiers(r);
  if (format === 'table') {
    const parts = [`Funnel: ${subtitle}`];
    for (const s of sections(result)) parts.push('', s.title, textTable(s.head, s.rows));
    return `${parts.join('\n')}\n`;
  }
  const charts: Chart[] = [
    {
      title: 'PQLs per week and tier',
      option: {
        tooltip: { trigger: 'axis' },
        legend: { data: tiers },
        xAxis: { type: 'category', data: r.weeks.map((w) => w.week) },
        yAxis: { type: 'value' },
        series: tiers.map((t) => ({
          name: t,
          type: 'bar',
          stack: 'pql',
          data: r.weeks.map((w) => w.byTier[t] ?? 0),
        })),
      },
    },
    {
      title: 'Stages by tier: PQLs, contacted, opportunities, won, lost',
      option: {
        tooltip: { trigger: 'axis' },
        legend: { data: ['PQLs', 'contacted', 'opportunity', 'won', 'lost'] },
        xAxis: { type: 'category', data: r.byTier.map((row) => row.tier) },
        yAxis: { type: 'value' },
        series: (['pqls', 'contacted', 'opportunities', 'won', 'lost'] as const).map((key, i) => ({
          name: ['PQLs', 'contacted', 'opportunity', 'won', 'lost'][i],
          type: 'bar',
          data: r.byTier.map((row) => row[key]),
        })),
      },
    },
    {
      title: 'Pipeline and won revenue by tier',
      option: {
        tooltip: { trigger: 'axis' },
        legend: { data: ['pipeline', 'won revenue'] },
        xAxis: { type: 'category', data: r.byTier.map((row) => row.tier) },
        yAxis: { type: 'value' },
        series: [
          { name: 'pipeline', type: 'bar', data: r.byTier.map((row) => row.pipeline) },
          { name: 'won revenue', type: 'bar', data: r.byTier.map((row) => row.wonRevenue) },
        ],
      },
    },
    {
      title: 'Conversion by score band (PQL → won, %)',
      option: {
        tooltip: {},
        xAxis: { type: 'category', data: r.byScoreBand.map((b) => b.band) },
        yAxis: { type: 'value', name: '%' },
        series: [
          {
            type: 'bar',
            data: r.byScoreBand.map((b) => (b.wonRate === null ? null : Number(b.wonRate.toFixed(2)))),
          },
        ],
      },
    },
    {
      title: 'PQL versus non-PQL signups (won, %)',
      option: {
        tooltip: {},
        xAxis: { type: 'category', data: ['PQL', 'non-PQL'] },
        yAxis: { type: 'value', name: '%' },
        series: [
          {
            type: 'bar',
            data: [r.baseline.pql.wonRate, r.baseline.nonPql.wonRate].map((v) =>
              v === null ? null : Number(v.toFixed(2)),
            ),
          },
        ],
      },
    },
  ];
  return htmlPage({
    title: 'Kindling funnel',
    subtitle,
    sections: sections(result).map((s) => ({ title: s.title, html: htmlTable(s.head, s.rows) })),
    charts,
  });
}
