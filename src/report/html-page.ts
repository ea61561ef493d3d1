/**
 * A self-contained HTML report page: inline CSS, tables, and charts drawn by ECharts, whose
 * minified bundle is inlined from the `echarts` package so the file opens anywhere offline.
 * When the package is missing the page still has every figure in its tables.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Chart {
  readonly title: string;
  /** An ECharts option object (plain data: series, axes, legend). */
  readonly option: Record<string, unknown>;
}

export interface Section {
  readonly title: string;
  readonly html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlTable(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number, tag: 'td' | 'th') =>
    `<${tag}${typeof value === 'number' ? ' class="n"' : ''}>${escapeHtml(String(value))}</${tag}>`;
  return `<table><thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((value) => cell(value, 'td')).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

let bundle: string | null | undefined;

function echartsBundle(): string | null {
  if (bundle !== undefined) return bundle;
  try {
    const require = createRequire(import.meta.url);
    bundle = readFileSync(require.resolve('echarts/dist/echarts.simple.min.js'), 'utf8');
  } catch {
    bundle = null;
  }
  return bundle;
}

export function htmlPage(input: {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly Section[];
  readonly charts: readonly Chart[];
}): string {
  const library = echartsBundle();
  const charts = input.charts
    .map(
      (chart, i) =>
        `<h3>${escapeHtml(chart.title)}</h3><div class="chart" id="chart-${i}" role="img" aria-label="${escapeHtml(chart.title)}"></div>`,
    )
    .join('\n');
  // JSON inside <script>: `<` escaped so no data can close the tag.
  const options = JSON.stringify(input.charts.map((chart) => chart.option)).replace(/</g, '\\u003c');
  const script =
    library === null
      ? '<p class="note">Charts need the echarts package; every figure is in the tables above.</p>'
      : `<script>${library}</script><script>
const options = ${options};
options.forEach((option, i) => {
  const chart = echarts.init(document.getElementById('chart-' + i));
  chart.setOption(option);
  window.addEventListener('resize', () => chart.resize());
});
</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2330}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{margin-top:2rem;font-size:1.15rem}h3{font-size:1rem}
.sub{color:#4a5263;margin-top:0}table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border-bottom:1px solid #d9dde5;padding:.3rem .5rem;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f2f4f8}.chart{height:340px;width:100%}.note{color:#4a5263}
</style></head><body>
<h1>${escapeHtml(input.title)}</h1><p class="sub">${escapeHtml(input.subtitle)}</p>
${input.sections.map((s) => `<h2>${escapeHtml(s.title)}</h2>\n${s.html}`).join('\n')}
${input.charts.length > 0 ? '<h2>Charts</h2>' : ''}
${charts}
${input.charts.length > 0 ? script : ''}
</body></html>
`;
}

/** Fixed-width text table for terminals. */
export function textTable(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((row) => row.map(String));
  const widths = head.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(cells[0] ?? []), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** A percentage with one decimal, or '–'. */
export function pct(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)}%`;
}
