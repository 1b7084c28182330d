import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTime } from '../../../shared/format.js';
import { currentLang } from '../../../shared/i18n.js';

/**
 * Calls per ten minutes (left axis) and the mean wait of the rides picked up in them, in minutes (right axis),
 * on the event's clock. The canvas is an image named by its label; the live view's table holds the same figures.
 */
export function SeriesChart({ at, calls, waitMinutes, callsLabel, waitLabel, label, timeZone }: { at: string[]; calls: number[]; waitMinutes: Array<number | null>; callsLabel: string; waitLabel: string; label: string; timeZone: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const lang = currentLang();
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      cursor: { show: false },
      legend: { show: true, live: false },
      scales: {
        y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] },
        wait: { range: (_u, _min, max) => [0, Math.max(10, Math.ceil(max * 1.15))] },
      },
      axes: [
        // HH:MM on the event's clock in either language (uPlot's own labels are English 12-hour)
        { stroke: '#111827', grid: { show: false }, values: (_u, splits) => splits.map((ts) => formatTime(new Date(ts * 1000).toISOString(), timeZone, lang)) },
        { scale: 'y', stroke: '#0369a1', grid: { stroke: '#e5e7eb' } },
        { scale: 'wait', side: 1, stroke: '#b45309', grid: { show: false } },
      ],
      series: [
        {},
        { label: callsLabel, scale: 'y', stroke: '#0369a1', fill: 'rgba(3,105,161,0.2)', width: 2, points: { show: false } },
        { label: waitLabel, scale: 'wait', stroke: '#b45309', width: 2, spanGaps: true, points: { show: true, size: 4 } },
      ],
    };
    const u = new uPlot(opts, [[], [], []], el);
    plot.current = u;
    const canvas = el.querySelector('canvas');
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', label);
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(240, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [label, callsLabel, waitLabel, timeZone]);
  useEffect(() => {
    plot.current?.setData([at.map((iso) => Date.parse(iso) / 1000), calls, waitMinutes]);
  }, [at, calls, waitMinutes]);
  return <div ref={host} className="chart cart-series-chart" />;
}
