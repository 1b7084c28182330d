import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlateModels, readPlates } from '../src/engines/plates/read-plates.js';

/** The plate reader's bench (BENCH_ONLY=plates): exact-string and province accuracy, per-image time, no-plate photos. */
const DIR = fileURLToPath(new URL('../tests/fixtures/plates/', import.meta.url));
/** The aim of issue 6: at least 95 % of plates read exactly. */
export const PLATES_EXACT_AIM = 0.95;

export type PlatesResult =
  | { skipped: string }
  | {
      images: number;
      /** plate text read exactly (first plate reported = the label) */
      exact: number;
      exactRate: number;
      /** the province character right */
      province: number;
      provinceRate: number;
      /** images where no plate was reported at all */
      noRead: number;
      /** the misreads: label → what was read */
      misses: Array<{ file: string; label: string; read: string | null }>;
      /** of the HyperLPR crops (green and yellow plates among them) and of the LPRNet crops */
      bySource: Record<string, { images: number; exact: number }>;
      modelLoadMs: number;
      meanMs: number;
      p95Ms: number;
      /** full photos without a plate: each must give zero plates */
      noPlatePhotos: Array<{ file: string; plates: number; ms: number }>;
      aimMet: boolean;
    };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}

export async function benchPlates(log: (line: string) => void): Promise<PlatesResult> {
  if (!existsSync(join(DIR, 'labels.csv'))) return { skipped: `${DIR} absent` };
  const rows = readFileSync(join(DIR, 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map(([file, label, origin]) => ({ file: file!, label: label!, origin: origin ?? '' }));
  const t0 = performance.now();
  await loadPlateModels();
  const modelLoadMs = Math.round(performance.now() - t0);
  log(`plates: model loaded in ${modelLoadMs} ms; reading ${rows.length} crops`);
  const times: number[] = [];
  const misses: Array<{ file: string; label: string; read: string | null }> = [];
  const bySource: Record<string, { images: number; exact: number }> = {};
  let exact = 0;
  let province = 0;
  let noRead = 0;
  for (const r of rows) {
    const reading = await readPlates(readFileSync(join(DIR, r.file)));
    times.push(reading.ms);
    const read = reading.plates[0]?.text ?? null;
    const src = (bySource[r.origin] ??= { images: 0, exact: 0 });
    src.images++;
    if (read === null) noRead++;
    if (read === r.label) {
      exact++;
      src.exact++;
    } else misses.push({ file: r.file, label: r.label, read });
    if (read !== null && [...read][0] === [...r.label][0]) province++;
  }
  const noPlatePhotos: Array<{ file: string; plates: number; ms: number }> = [];
  for (const f of readdirSync(join(DIR, 'no-plate')).filter((f) => /\.(jpe?g|png)$/i.test(f))) {
    const reading = await readPlates(readFileSync(join(DIR, 'no-plate', f)));
    noPlatePhotos.push({ file: f, plates: reading.plates.length, ms: reading.ms });
  }
  const exactRate = exact / rows.length;
  return {
    images: rows.length,
    exact,
    exactRate,
    province,
    provinceRate: province / rows.length,
    noRead,
    misses,
    bySource,
    modelLoadMs,
    meanMs: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10,
    p95Ms: percentile(times, 95),
    noPlatePhotos,
    aimMet: exactRate >= PLATES_EXACT_AIM && noPlatePhotos.every((p) => p.plates === 0),
  };
}

export function platesTable(r: PlatesResult): string {
  if ('skipped' in r) return `Plates: skipped (${r.skipped})`;
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const lines = [
    'Plates (PP-OCRv4 + plate-grammar decoding, onnxruntime-node CPU)',
    `  exact string        ${r.exact}/${r.images} = ${pct(r.exactRate)} (aim ≥ ${pct(PLATES_EXACT_AIM)}: ${r.exactRate >= PLATES_EXACT_AIM ? 'met' : `gap ${pct(PLATES_EXACT_AIM - r.exactRate)}`})`,
    ...Object.entries(r.bySource).map(([s, v]) => `    ${s.padEnd(17)} ${v.exact}/${v.images} = ${pct(v.exact / v.images)}`),
    `  province character  ${r.province}/${r.images} = ${pct(r.provinceRate)}`,
    `  no plate reported   ${r.noRead}`,
    `  time per crop       mean ${r.meanMs} ms, P95 ${r.p95Ms} ms (model load ${r.modelLoadMs} ms, once)`,
    `  no-plate photos     ${r.noPlatePhotos.map((p) => `${p.file}: ${p.plates} plates in ${p.ms} ms`).join('; ')}`,
    `  misreads            ${r.misses.map((m) => `${m.label}→${m.read ?? '∅'}`).join(', ') || 'none'}`,
  ];
  return lines.join('\n');
}
