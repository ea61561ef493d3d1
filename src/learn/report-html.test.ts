import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.ts';
import { renderReportHtml } from './report-html.ts';
import { barChart, lineChart } from './svg-charts.ts';
import { seededRandom, syntheticMatrix } from './testing.ts';

describe('renderReportHtml', () => {
  const base = syntheticMatrix({ rows: 4000, coefficients: [2, 1, -1], intercept: -2.5, seed: 6 });
  const random = seededRandom(1);
  const scores = Float64Array.from({ length: 4000 }, () => Math.floor(random() * 100));
  const matrix = {
    ...base,
    features: base.features.map((f, j) =>
      j === 0 ? { ...f, name: 'seat<limit>', label: 'Hit "seat" limit & more' } : f,
    ),
    current: { scores, qualified: Uint8Array.from(scores, (s) => (s > 80 ? 1 : 0)) },
  };
  const result = calibrate(matrix, { target: { targetRate: 10 } });
  if (!result.ok) throw new Error(result.error.message);
  const html = renderReportHtml(result.value);

  it('is one self-contained page with the three charts and no scripts or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain('Gain on the holdout');
    expect(html).toContain('Threshold sweep (training)');
    expect(html).not.toMatch(/<script|src=|href=/);
  });

  it('shows the chosen threshold and the three models side by side', () => {
    expect(html).toContain(`score ≥ <b>${result.value.threshold.threshold}</b>`);
    expect(html).toContain('<th>proposed</th><th>current</th><th>best single: seat&#60;limit&#62;</th>');
  });

  it('states the decision time, the exclusions and what was left out when the setup is given', () => {
    const setup = {
      source: 'events',
      entity: 'account',
      label: 'won',
      decision: '14d after first seen, at the end of that UTC day',
      decisionRange: ['2025-03-18T23:59:59.999Z', '2025-05-01T23:59:59.999Z'] as const,
      horizon: '30d',
      excludedEvents: ['Invoice <Paid>'],
      excludedTraits: ['stage'],
      leftOut: [{ signal: 'events_7d', reason: 'counts every event, excluded ones too' }],
      population: { entities: 3000, rows: 1782, censored: 1165 },
    };
    const withSetup = calibrate(matrix, { target: { targetRate: 10 }, setup });
    if (!withSetup.ok) throw new Error(withSetup.error.message);
    const page = renderReportHtml(withSetup.value);
    expect(page).toContain('<h2>Setup</h2>');
    expect(page).toContain('14d after first seen, at the end of that UTC day');
    expect(page).toContain('a won outcome after the decision time, within 30d');
    expect(page).toContain('Invoice &#60;Paid&#62;');
    expect(page).toContain('<td>stage</td>');
    expect(page).toContain('counts every event, excluded ones too');
    expect(page).toContain('<td>censored</td><td>1165</td>');
    expect(html).not.toContain('<h2>Setup</h2>');
  });

  it('escapes every name taken from data', () => {
    expect(html).not.toContain('seat<limit>');
    expect(html).toContain('seat&#60;limit&#62;');
  });
});

describe('svg charts', () => {
  it('draws one bar per value, scaled to the largest', () => {
    const svg = barChart(
      { title: 't', xLabel: 'x', yLabel: 'y' },
      ['a', 'b'],
      [
        { label: 'one', values: [50, 25] },
        { label: 'two', values: [10, 0] },
      ],
    );
    const heights = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)].map(
      (m) => Number(m[1]),
    );
    // 4 bars, then 2 legend swatches of height 12
    expect(heights.slice(0, 4)).toEqual([216, 108, 43.2, 0]);
  });

  it('draws one path per series through every finite point', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y' }, [
      {
        name: 's',
        points: [
          [0, 0],
          [50, 50],
          [100, Number.NaN],
          [100, 100],
        ],
      },
    ]);
    expect(svg.match(/<path d="([^"]+)"/)?.[1]?.split(' ').length).toBe(3);
  });
});
