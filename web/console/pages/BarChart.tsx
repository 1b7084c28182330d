import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Bars drawn on uPlot's canvas (this uPlot has no bar path builder of its own): one bar per category. */
function barPaths(u: uPlot, seriesIdx: number, idx0: number, idx1: number) {
  const fill = new Path2D();
  const xs = u.data[0]!;
  const ys = u.data[seriesIdx]!;
  const step = Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true));
  const width = Math.max(2, step * 0.6);
  const base = u.valToPos(0, 'y', true);
  for (let i = idx0; i <= idx1; i++) {
    const y = ys[i];
    if (y === null || y === undefined) continue;
    const x = u.valToPos(xs[i]!, 'x', true);
    const top = u.valToPos(y, 'y', true);
    fill.rect(x - width / 2, top, width, base - top);
  }
  return { fill, stroke: new Path2D() };
}

/** A bar chart whose canvas is an image described by its caption; the same figures are in a table beside it. */
export function BarChart({ labels, values, color, label, slanted = false }: { labels: string[]; values: number[]; color: string; label: string; slanted?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const max = Math.max(1, ...values);
    const height = slanted ? 300 : 220;
    // long names (rooms) are slanted and shortened so that neighbours do not overwrite each other
    const shown = slanted ? labels.map((l) => (l.length > 16 ? `${l.slice(0, 15)}…` : l)) : labels;
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: () => [-0.5, labels.length - 0.5] }, y: { range: () => [0, Math.ceil(max * 1.15)] } },
      axes: [
        { stroke: '#111827', grid: { show: false }, splits: () => xs, values: (_u, splits) => splits.map((i) => shown[i] ?? ''), ...(slanted ? { rotate: -40, size: 110 } : {}) },
        { stroke: '#111827', grid: { stroke: '#e5e7eb' }, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
      ],
      series: [{}, { label, fill: color, stroke: color, width: 0, paths: barPaths, points: { show: false } }],
    };
    const plot = new uPlot(opts, [xs, values], el);
    const canvas = el.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', label);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, values, color, label, slanted]);
  return <div ref={host} className="chart" />;
}
