/**
 * The funnel report (GET /api/metrics/funnel) as a rep or RevOps reads it: the headline figures and
 * PQL-rate warnings, weekly PQLs by tier, each tier's stages (contacted, opportunity, won, lost) and
 * money (pipeline, won revenue), conversion by score band, and PQLs against the baseline.
 */
import { useMemo } from 'preact/hooks';
import { Empty, Section } from '../components/bits.tsx';
import { Chart, tierColour } from '../components/chart.tsx';
import { day } from '../format.ts';

interface Conversion {
  readonly pqls: number;
  readonly contacted: number;
  readonly opportunities: number;
  readonly won: number;
  readonly lost: number;
  readonly opportunityRate: number | null;
  readonly wonRate: number | null;
  readonly pipeline: number;
  readonly wonRevenue: number;
}

export interface FunnelReport {
  readonly entityType: string;
  readonly from: string;
  readonly to: string;
  readonly totals: Conversion & {
    readonly qualifications: number;
    readonly signups: number;
    readonly pqlRateOfSignups: number | null;
    readonly withSla: number;
    readonly contactedWithinSla: number;
    readonly contactedWithinSlaShare: number | null;
    readonly medianHoursToFirstTouch: number | null;
    readonly medianDaysToClose: number | null;
  };
  readonly weeks: readonly {
    readonly week: string;
    readonly byTier: Readonly<Record<string, number>>;
    readonly signups: number;
    readonly pqlSignups: number;
  }[];
  readonly byTier: readonly ({ readonly tier: string } & Conversion)[];
  readonly byScoreBand: readonly ({ readonly band: string } & Conversion)[];
  readonly baseline: { readonly pql: Conversion; readonly nonPql: Conversion };
  readonly warnings: readonly {
    readonly code: string;
    readonly message: string;
    /** The Monday of the week, or null (or absent) for the whole period. */
    readonly week?: string | null;
    readonly pqlRate?: number;
  }[];
}

/** Stage colours with a meaning: won green, lost grey, the way there in blues and violet. */
const STAGE_COLOURS = {
  pqls: '#2563eb',
  contacted: '#60a5fa',
  opportunities: '#7c3aed',
  won: '#16a34a',
  lost: '#94a3b8',
} as const;

const STAGES = [
  ['pqls', 'PQLs'],
  ['contacted', 'contacted'],
  ['opportunities', 'opportunity'],
  ['won', 'won'],
  ['lost', 'lost'],
] as const;

const pct = (value: number | null): string => (value === null ? '—' : `${value.toFixed(1)} %`);
const num = (value: number | null, unit: string): string =>
  value === null ? '—' : `${value.toFixed(1)} ${unit}`;

export function FunnelCharts({ report, tiers }: { report: FunnelReport; tiers: readonly string[] }) {
  const t = report.totals;
  const weekTiers = useMemo(() => {
    const seen = new Set(report.weeks.flatMap((w) => Object.keys(w.byTier)));
    return [...tiers.filter((x) => seen.has(x)), ...[...seen].filter((x) => !tiers.includes(x))];
  }, [report, tiers]);
  const weekly = useMemo(
    () => ({
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: report.weeks.map((w) => day(w.week)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: weekTiers.map((tier, rank) => ({
        name: tier,
        type: 'bar',
        stack: 'pqls',
        itemStyle: { color: tierColour(rank, weekTiers.length) },
        data: report.weeks.map((w) => w.byTier[tier] ?? 0),
      })),
    }),
    [report, weekTiers],
  );
  const bands = useMemo(
    () => ({
      grid: { left: 45, right: 10, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)} %` },
      legend: { top: 0 },
      xAxis: { type: 'category', data: report.byScoreBand.map((b) => b.band), name: 'score' },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
      series: [
        {
          name: 'PQL → opportunity',
          type: 'bar',
          itemStyle: { color: '#2563eb' },
          data: report.byScoreBand.map((b) => b.opportunityRate ?? 0),
        },
        {
          name: 'PQL → won',
          type: 'bar',
          itemStyle: { color: '#c2410c' },
          data: report.byScoreBand.map((b) => b.wonRate ?? 0),
        },
      ],
    }),
    [report],
  );
  const baseline = useMemo(
    () => ({
      grid: { left: 45, right: 10, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)} %` },
      legend: { top: 0 },
      xAxis: { type: 'category', data: ['→ opportunity', '→ won'] },
      yAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
      series: [
        {
          name: `PQL signups (${report.baseline.pql.pqls})`,
          type: 'bar',
          itemStyle: { color: '#c2410c' },
          data: [report.baseline.pql.opportunityRate ?? 0, report.baseline.pql.wonRate ?? 0],
        },
        {
          name: `Other signups (${report.baseline.nonPql.pqls})`,
          type: 'bar',
          itemStyle: { color: '#64748b' },
          data: [report.baseline.nonPql.opportunityRate ?? 0, report.baseline.nonPql.wonRate ?? 0],
        },
      ],
    }),
    [report],
  );
  const stages = useMemo(
    () => ({
      grid: { left: 40, right: 10, top: 50, bottom: 30 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: report.byTier.map((row) => row.tier) },
      yAxis: { type: 'value', minInterval: 1 },
      series: STAGES.map(([key, name]) => ({
        name,
        type: 'bar',
        itemStyle: { color: STAGE_COLOURS[key] },
        data: report.byTier.map((row) => row[key]),
      })),
    }),
    [report],
  );
  const money = useMemo(
    () => ({
      grid: { left: 60, right: 10, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: report.byTier.map((row) => row.tier) },
      yAxis: { type: 'value' },
      series: [
        {
          name: 'pipeline',
          type: 'bar',
          itemStyle: { color: STAGE_COLOURS.opportunities },
          data: report.byTier.map((row) => row.pipeline),
        },
        {
          name: 'won revenue',
          type: 'bar',
          itemStyle: { color: STAGE_COLOURS.won },
          data: report.byTier.map((row) => row.wonRevenue),
        },
      ],
    }),
    [report],
  );
  return (
    <>
      <p class="sub">
        {report.entityType}s, {day(report.from)} – {day(report.to)}
      </p>
      <FunnelWarnings warnings={report.warnings ?? []} />
      <Section title="Summary" id="funnel-summary">
        <dl class="tiles">
          <div>
            <dt>PQLs</dt>
            <dd>{t.pqls.toLocaleString()}</dd>
          </div>
          <div>
            <dt>PQL rate of signups</dt>
            <dd>{pct(t.pqlRateOfSignups)}</dd>
          </div>
          <div>
            <dt>Contacted within SLA</dt>
            <dd>{pct(t.contactedWithinSlaShare)}</dd>
            <dd class="sub">
              {t.contactedWithinSla} of {t.withSla} with an SLA
            </dd>
          </div>
          <div>
            <dt>Median time to first touch</dt>
            <dd>{num(t.medianHoursToFirstTouch, 'h')}</dd>
          </div>
          <div>
            <dt>PQL → opportunity</dt>
            <dd>{pct(t.opportunityRate)}</dd>
          </div>
          <div>
            <dt>PQL → won</dt>
            <dd>{pct(t.wonRate)}</dd>
          </div>
          <div>
            <dt>Median time to close</dt>
            <dd>{num(t.medianDaysToClose, 'days')}</dd>
          </div>
          <div>
            <dt>Pipeline</dt>
            <dd>{(t.pipeline ?? 0).toLocaleString()}</dd>
          </div>
          <div>
            <dt>Won revenue</dt>
            <dd>{(t.wonRevenue ?? 0).toLocaleString()}</dd>
          </div>
        </dl>
      </Section>
      <div class="columns">
        <Section title="PQLs per week by tier" id="funnel-weekly">
          {report.weeks.length === 0 ? (
            <Empty title="No qualifications in this period" />
          ) : (
            <Chart
              option={weekly}
              points={report.weeks.length}
              testId="funnel-weekly"
              label={`PQLs per week by tier over ${report.weeks.length} weeks, ${t.pqls} in all.`}
            />
          )}
        </Section>
        <Section title="Stages by tier" id="funnel-stages">
          {report.byTier.length === 0 ? (
            <Empty title="No PQLs yet" />
          ) : (
            <Chart
              option={stages}
              points={report.byTier.length}
              testId="funnel-stages"
              label={`PQLs, contacted, opportunities, won and lost by tier: ${report.byTier.map((row) => `${row.tier} ${row.pqls} PQLs, ${row.won} won`).join('; ')}.`}
            />
          )}
        </Section>
        <Section title="Pipeline and won revenue by tier" id="funnel-money">
          {report.byTier.length === 0 ? (
            <Empty title="No PQLs yet" />
          ) : (
            <Chart
              option={money}
              points={report.byTier.length}
              testId="funnel-money"
              label={`Pipeline and won revenue by tier: ${report.byTier.map((row) => `${row.tier} ${row.pipeline.toLocaleString()} pipeline, ${row.wonRevenue.toLocaleString()} won`).join('; ')}.`}
            />
          )}
        </Section>
        <Section title="Conversion by score band" id="funnel-bands">
          {report.byScoreBand.length === 0 ? (
            <Empty title="No PQLs yet" />
          ) : (
            <Chart
              option={bands}
              points={report.byScoreBand.length}
              testId="funnel-bands"
              label={`Opportunity and won rates by score band: ${report.byScoreBand.map((b) => `${b.band} ${pct(b.wonRate)} won`).join(', ')}.`}
            />
          )}
        </Section>
        <Section title="PQLs against the baseline" id="funnel-baseline">
          <Chart
            option={baseline}
            points={2}
            testId="funnel-baseline"
            label={`Won rate of PQL signups ${pct(report.baseline.pql.wonRate)} against ${pct(report.baseline.nonPql.wonRate)} for other signups.`}
          />
        </Section>
      </div>
    </>
  );
}

/**
 * The period's PQL-rate warnings in full; the weeks outside the healthy range folded into one line,
 * so a dozen weekly repeats of the same advice do not push the figures off the screen.
 */
function FunnelWarnings({ warnings }: { warnings: FunnelReport['warnings'] }) {
  if (warnings.length === 0) return null;
  const weekly = warnings.filter((w) => typeof w.week === 'string');
  const rest = warnings.filter((w) => typeof w.week !== 'string');
  return (
    <ul class="warnings" data-testid="funnel-warnings">
      {rest.map((w) => (
        <li key={`${w.code}-${w.message}`}>{w.message}</li>
      ))}
      {weekly.length === 0 ? null : (
        <li>
          {weekly.length === 1 ? 'One week' : `${weekly.length} weeks`} outside the healthy PQL rate:{' '}
          {weekly.map((w) => `${w.week} (${pct(w.pqlRate ?? null)})`).join(', ')}
        </li>
      )}
    </ul>
  );
}
