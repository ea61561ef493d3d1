/**
 * The workspace's definition: the live version's YAML, what validation says about it now, its
 * tiers and signals, the qualifications each tier received per week, the versions (activate,
 * roll back) and backtest/calibration charts where the server offers them.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, has } from '../api.ts';
import { Empty, ErrorNote, Section, TierBadge } from '../components/bits.tsx';
import { Chart, tierColour } from '../components/chart.tsx';
import { YamlView } from '../components/yaml-view.tsx';
import { when } from '../format.ts';
import type { DefinitionView } from '../types.ts';
import { Versions } from './versions.tsx';

export function DefinitionPage() {
  const [view, setView] = useState<DefinitionView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api<DefinitionView>('/api/definition').then(setView).catch(setError);
  }, []);
  useEffect(load, [load]);
  if (view === null) return error === null ? <p class="loading">Loading…</p> : <ErrorNote error={error} />;
  const origin =
    view.origin === 'activated'
      ? `activated ${when(view.activatedAt)}`
      : view.origin === 'demo'
        ? "the demo workspace's definition"
        : `the server's definition file ${view.file ?? ''}`;
  return (
    <div class="page">
      <div class="page-head">
        <h1>
          {view.name} <span class="version">version {view.version}</span>
        </h1>
      </div>
      <p class="sub">
        Scores {view.entity}s · {origin}
        {view.description === null ? '' : ` · ${view.description}`}
      </p>
      <div class="columns">
        <Section title="Tiers and points" id="tiers">
          <ul class="plain">
            {view.tiers.map((t) => (
              <li key={t.name}>
                <TierBadge tier={t.name} /> from {t.min}
              </li>
            ))}
          </ul>
          {view.gates.length === 0 ? null : (
            <p>
              Gates: {view.gates.map((g) => `${g.name} (${g.signal})`).join(', ')}. Cap {view.cap}.
            </p>
          )}
          <table class="compact">
            <caption class="visually-hidden">Signals and their points</caption>
            <thead>
              <tr>
                <th scope="col">Signal</th>
                <th scope="col">Points</th>
              </tr>
            </thead>
            <tbody>
              {view.signals.map((s) => (
                <tr key={s.name}>
                  <td>
                    {s.label ?? s.name}
                    {s.handRaiser ? <span class="hand">hand-raiser</span> : null}
                  </td>
                  <td class="num">{s.points ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title="Qualifications per week" id="weekly">
          <WeeklyChart view={view} />
        </Section>
      </div>
      <Section title="Validation" id="problems">
        {view.problems.length === 0 ? (
          <p class="ok-text">✓ No problems: the definition validates cleanly.</p>
        ) : (
          <ul class="problems">
            {view.problems.map((p) => (
              <li key={`${p.line}:${p.col}:${p.code}`} class={`problem-${p.severity}`}>
                <strong>
                  {p.severity} {p.code}
                </strong>{' '}
                at line {p.line}, column {p.col}: {p.message} <span class="hint">{p.hint}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Source" id="source">
        {view.source === null ? (
          <p class="muted">The YAML of this version was not kept.</p>
        ) : (
          <YamlView source={view.source} problemLines={new Set(view.problems.map((p) => p.line))} />
        )}
      </Section>
      <Section title="Versions" id="versions">
        {has('GET', '/api/versions') ? (
          <Versions onChanged={load} />
        ) : (
          <Empty title="Versions are not available on this server">
            <p>
              Each saved definition is an immutable version; <code>kindling versions</code>,{' '}
              <code>activate</code> and <code>rollback</code> manage them.
            </p>
          </Empty>
        )}
      </Section>
    </div>
  );
}

function WeeklyChart({ view }: { view: DefinitionView }) {
  const weeks = [...new Set(view.weekly.map((w) => w.week))].sort();
  const tiers = view.tiers.map((t) => t.name);
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: tiers.map((tier, rank) => ({
        name: tier,
        type: 'bar',
        stack: 'tiers',
        itemStyle: { color: tierColour(rank, tiers.length) },
        data: weeks.map((week) => view.weekly.find((w) => w.week === week && w.tier === tier)?.count ?? 0),
      })),
    }),
    [view],
  );
  if (weeks.length === 0) {
    return (
      <Empty title="No qualifications yet">
        <p>Weekly counts by tier appear as entities qualify.</p>
      </Empty>
    );
  }
  const total = view.weekly.reduce((sum, w) => sum + w.count, 0);
  return (
    <Chart
      option={option}
      points={view.weekly.length}
      testId="weekly-tiers"
      label={`Qualifications per week by tier: ${total} over ${weeks.length} weeks.`}
    />
  );
}
