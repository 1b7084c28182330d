import type { Figures } from './load.js';

export interface Row {
  figures: Figures;
  /** this measurement's rate over its baselines', measured in the same run */
  ratios?: { value: number; over: string }[];
  note?: string;
}

const num = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// autocannon reports whole milliseconds; the in-process loops measure finer
const ms = (v: number) => num(v, Number.isInteger(v) ? 0 : v < 10 ? 2 : 1);

/** A plain-text table: one line per measurement. */
export function table(title: string, rows: Row[]): string {
  const head = ['measurement', 'per s', 'p50 ms', 'p99 ms', 'ratio to baseline', 'failures', 'note'];
  const body = rows.map((r) => [
    r.figures.name,
    num(r.figures.perSecond),
    ms(r.figures.p50),
    ms(r.figures.p99),
    r.ratios?.length ? r.ratios.map((q) => `${q.value.toFixed(2)} × ${q.over}`).join(', ') : '(baseline)',
    String(r.figures.failures),
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const right = new Set([1, 2, 3, 5]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [title, line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
