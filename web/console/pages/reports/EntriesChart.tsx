import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Admitted entries per five minutes as an area over time, on the event's clock; the table beside it has the figures. */
export function EntriesChart({ at, values, label, timeZone }: { at: string[]; values: number[]; label: string; timeZone: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 200,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      legend: { show: false },
      cursor: { show: false },
      scales: { y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
      axes: [{ stroke: '#111827', grid: { show: false } }, { stroke: '#111827', grid: { stroke: '#e5e7eb' } }],
      series: [{}, { label, stroke: '#0f766e', fill: 'rgba(15,118,110,0.25)', width: 2, points: { show: false } }],
    };
    const u = new uPlot(opts, [[], []], el);
    plot.current = u;
    const canvas = el.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', label);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(240, el.clientWidth), height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [label, timeZone]);
  useEffect(() => {
    plot.current?.setData([at.map((iso) => Date.parse(iso) / 1000), values]);
  }, [at, values]);
  return <div ref={host} className="chart entries-chart" />;
}
