/**
 * An ECharts chart. The library is imported when the first chart mounts, so pages paint before it
 * arrives; the chart resizes with its box. Once drawn, the box carries `data-rendered` and the
 * number of data points, and its label describes the chart for screen readers.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  readonly option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the chart is an image to them). */
  readonly label: string;
  readonly points: number;
  readonly height?: number;
  readonly testId?: string;
}

export function Chart({ option, label, points, height = 260, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    let disposed = false;
    let dispose = () => {
      disposed = true;
    };
    void import('./echarts-core.ts').then(({ echarts }) => {
      if (disposed) return;
      const chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.on('finished', () => {
        el.dataset.rendered = 'true';
      });
      chart.setOption({ aria: { enabled: true }, animation: false, ...option });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(el);
      dispose = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => dispose();
  }, [option]);
  return (
    <div
      ref={box}
      class="chart"
      role="img"
      aria-label={label}
      data-points={points}
      data-testid={testId}
      style={{ height: `${height}px` }}
    />
  );
}

/** Colours that keep 3:1 contrast on white, one per tier rank (coolest first). */
export const TIER_COLOURS = ['#64748b', '#2563eb', '#d97706', '#dc2626', '#7c2d12'];

export function tierColour(rank: number, of: number): string {
  const offset = Math.max(0, TIER_COLOURS.length - of);
  return TIER_COLOURS[Math.min(TIER_COLOURS.length - 1, offset + rank)] ?? '#64748b';
}
