import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** UTC ISO instants with their value, as the stats and usage routes answer them. */
  points: readonly { at: string; value: number }[];
}

interface Props {
  /** Says what the chart shows; read out in place of the drawing. */
  label: string;
  series: readonly ChartSeries[];
  /** How a value reads on the axis and in the cursor legend (for example as minutes). */
  format?: (value: number) => string;
  height?: number;
  /** Name the lines under the chart even when there is one (the per-type charts name each type). */
  legend?: boolean;
}

// Colours from the page's palette that stay apart for the common kinds of colour blindness.
const COLOURS = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed'];

/**
 * A line chart of one or more series over time, drawn with uPlot (about 20 kB gzipped, the
 * smallest well-kept library that draws thousands of points smoothly). Only the admin and
 * studio consoles import it, so it lives in their chunks. The drawing is an image with a text
 * label: every chart stands beside the figures it draws, so nothing has to be read off a curve.
 */
export function TimeSeriesChart({ label, series, format = String, height = 180, legend }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const times = (series[0]?.points ?? []).map((p) => Date.parse(p.at) / 1000);
    // The canvas cannot use CSS colours: the axes take the page's text colour, so they read on a dark theme.
    const ink = getComputedStyle(el).color;
    const grid = { stroke: 'rgba(127, 127, 127, 0.25)', width: 1 };
    const data: uPlot.AlignedData = [times, ...series.map((s) => s.points.map((p) => p.value))];
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 240),
        height,
        legend: { show: legend ?? series.length > 1 },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          { stroke: ink, grid, ticks: grid },
          { stroke: ink, grid, ticks: grid, values: (_u, ticks) => ticks.map(format), size: 56 },
        ],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
          })),
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 240), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, format, height, legend]);
  return <div ref={box} className="chart" role="img" aria-label={label} />;
}
