/**
 * Minimal SVG charts drawn from data, for the self-contained HTML report (no charting library can
 * be embedded offline; the dashboard will use ECharts). Two shapes: grouped bars and lines.
 * Every text is escaped; the output is a standalone `<svg>` element.
 */

export interface BarGroup {
  readonly label: string;
  /** One value per series. */
  readonly values: readonly number[];
}

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartFrame {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
}

const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { top: 34, right: 150, bottom: 70, left: 56 };
const COLOURS = ['#d9480f', '#1c7ed6', '#2b8a3e', '#862e9c', '#868e96'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Largest finite value, at least `floor` (spread-free: series may be long). */
function maxOf(values: readonly number[], floor: number): number {
  let max = floor;
  for (const value of values) if (Number.isFinite(value) && value > max) max = value;
  return max;
}

const fmt = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(2));

export function barChart(
  frame: ChartFrame,
  seriesNames: readonly string[],
  groups: readonly BarGroup[],
): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = maxOf(
    groups.flatMap((group) => group.values),
    1e-9,
  );
  const groupW = plotW / Math.max(1, groups.length);
  const barW = (groupW * 0.8) / Math.max(1, seriesNames.length);
  const bars = groups.flatMap((group, g) =>
    group.values.map((value, s) => {
      const h = Number.isFinite(value) ? (Math.max(0, value) / max) * plotH : 0;
      const x = MARGIN.left + g * groupW + groupW * 0.1 + s * barW;
      const title = `${group.label} — ${seriesNames[s] ?? ''}: ${fmt(value)}`;
      return `<rect x="${x.toFixed(1)}" y="${(MARGIN.top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[s % COLOURS.length]}"><title>${escapeXml(title)}</title></rect>`;
    }),
  );
  const labels = groups.map((group, g) => {
    const x = MARGIN.left + g * groupW + groupW / 2;
    const y = MARGIN.top + plotH + 12;
    return `<text x="${x.toFixed(1)}" y="${y}" font-size="10" text-anchor="end" transform="rotate(-35 ${x.toFixed(1)} ${y})">${escapeXml(group.label)}</text>`;
  });
  return frameSvg(frame, [...bars, ...labels, ...yAxis(0, max), ...legend(seriesNames)].join(''));
}

export function lineChart(
  frame: ChartFrame,
  series: readonly Series[],
  bounds?: { xMax: number; yMax: number },
): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = series.flatMap((line) => line.points);
  const xMin = -maxOf(
    all.map(([x]) => -x),
    0,
  );
  const xMax =
    bounds?.xMax ??
    maxOf(
      all.map(([x]) => x),
      1e-9,
    );
  const yMax =
    bounds?.yMax ??
    maxOf(
      all.map(([, y]) => y),
      1e-9,
    );
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - (y / yMax) * plotH;
  const paths = series.map((line, s) => {
    const d = line.points
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
      .map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join(' ');
    return `<path d="${d}" fill="none" stroke="${COLOURS[s % COLOURS.length]}" stroke-width="2"><title>${escapeXml(line.name)}</title></path>`;
  });
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const value = xMin + t * (xMax - xMin);
    return `<text x="${sx(value).toFixed(1)}" y="${MARGIN.top + plotH + 16}" font-size="10" text-anchor="middle">${fmt(value)}</text>`;
  });
  return frameSvg(
    frame,
    [...paths, ...xTicks, ...yAxis(0, yMax), ...legend(series.map((line) => line.name))].join(''),
  );
}

function yAxis(min: number, max: number): string[] {
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  return [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const y = MARGIN.top + plotH - t * plotH;
    const value = min + t * (max - min);
    return `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e9ecef"/><text x="${MARGIN.left - 6}" y="${(y + 3).toFixed(1)}" font-size="10" text-anchor="end">${fmt(value)}</text>`;
  });
}

function legend(names: readonly string[]): string[] {
  return names.map((name, s) => {
    const y = MARGIN.top + s * 18;
    const x = WIDTH - MARGIN.right + 12;
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${COLOURS[s % COLOURS.length]}"/><text x="${x + 18}" y="${y + 10}" font-size="11">${escapeXml(name)}</text>`;
  });
}

function frameSvg(frame: ChartFrame, body: string): string {
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(frame.title)}" font-family="system-ui, sans-serif">`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="600">${escapeXml(frame.title)}</text>`,
    `<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${HEIGHT - 6}" font-size="11" text-anchor="middle">${escapeXml(frame.xLabel)}</text>`,
    `<text x="14" y="${MARGIN.top + plotH / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${escapeXml(frame.yLabel)}</text>`,
    body,
    '</svg>',
  ].join('');
}
