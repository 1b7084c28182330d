import { readFile } from 'node:fs/promises';
import { PlateReaderError, readPlates } from '../engines/plates/read-plates.js';

/** `huiwu plate read <image>... [--json]`. */
export interface PlateCliOptions {
  json?: boolean;
}

/** One image's entry: its plates and time, or the reason it could not be read. */
export interface PlateCliEntry {
  image: string;
  plates: Array<{ text: string; confidence: number }>;
  ms: number;
  error?: { code: string; message: string };
}

/** Reads every image in turn with one loaded model; a bad file gets its error in its own entry and the rest go on. */
export async function readImages(images: string[]): Promise<PlateCliEntry[]> {
  const out: PlateCliEntry[] = [];
  for (const image of images) {
    const started = performance.now();
    try {
      const bytes = await readFile(image);
      const r = await readPlates(bytes);
      out.push({ image, plates: r.plates.map((p) => ({ text: p.text, confidence: p.confidence })), ms: r.ms });
    } catch (err) {
      const code =
        err instanceof PlateReaderError
          ? err.code
          : (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'file_not_found'
            : (err as NodeJS.ErrnoException).code === 'EISDIR'
              ? 'not_a_file'
              : 'read_failed';
      const message = err instanceof Error ? err.message : String(err);
      out.push({ image, plates: [], ms: Math.round((performance.now() - started) * 10) / 10, error: { code, message } });
    }
  }
  return out;
}

function table(entries: PlateCliEntry[]): string {
  const rows = entries.flatMap((e) =>
    e.error
      ? [[e.image, `error ${e.error.code}: ${e.error.message}`, '', String(e.ms)]]
      : e.plates.length === 0
        ? [[e.image, '(no plate)', '', String(e.ms)]]
        : e.plates.map((p) => [e.image, p.text, p.confidence.toFixed(3), String(e.ms)]),
  );
  const all = [['image', 'plate', 'confidence', 'ms'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => [...r[i]!].length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function runPlate(action: string, images: string[], opts: PlateCliOptions): Promise<void> {
  if (action !== 'read') {
    console.error(`huiwu plate: unknown action "${action}" (expected: read)`);
    process.exit(2);
  }
  const entries = await readImages(images);
  if (opts.json) console.log(JSON.stringify(entries, null, 2));
  else console.log(table(entries));
  // a bad file is reported in its entry; the exit code says whether every image could be read
  if (entries.some((e) => e.error)) process.exitCode = 1;
}
