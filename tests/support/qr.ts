import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * Reading QR codes as a gate or a printer's proof would: zxing-wasm (the same decoder the stations use in the
 * browser), with its .wasm loaded from node_modules so no test fetches anything; PDF pages are rasterised by
 * poppler's pdftoppm first.
 */

let ready: Promise<unknown> | null = null;
function zxing(): Promise<unknown> {
  ready ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const binary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary: binary }, fireImmediately: true });
  })();
  return ready;
}

/** The texts of every QR code in an encoded image (PNG, JPEG), in the decoder's order. */
export async function decodeQr(image: Buffer | Uint8Array): Promise<string[]> {
  await zxing();
  const results = await readBarcodes(new Uint8Array(image), { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** Each page of a PDF as a PNG at `dpi` (pdftoppm -r <dpi> -png), in page order. */
export function rasterisePdf(pdf: Buffer, dpi = 150, pages?: { first?: number; last?: number }): Buffer[] {
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const range = [...(pages?.first ? ['-f', String(pages.first)] : []), ...(pages?.last ? ['-l', String(pages.last)] : [])];
    const run = spawnSync('pdftoppm', ['-r', String(dpi), '-png', ...range, join(dir, 'in.pdf'), join(dir, 'page')], { encoding: 'utf8' });
    if (run.error || run.status !== 0) throw new Error(`pdftoppm failed: ${run.error?.message ?? run.stderr}`);
    // pdftoppm pads page numbers to the width of the last one (page-01.png … page-30.png): sort numerically
    const files = readdirSync(dir)
      .filter((f) => /^page-\d+\.png$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    return files.map((f) => readFileSync(join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The QR texts of each page of a PDF: one array per page. */
export async function decodePdfQr(pdf: Buffer, dpi = 150, pages?: { first?: number; last?: number }): Promise<string[][]> {
  const out: string[][] = [];
  for (const png of rasterisePdf(pdf, dpi, pages)) out.push(await decodeQr(png));
  return out;
}

/** Runs a poppler tool (pdffonts, pdftotext, pdfinfo) on a PDF and answers its standard output. */
export function poppler(tool: 'pdffonts' | 'pdftotext' | 'pdfinfo', pdf: Buffer, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const out = tool === 'pdftotext' ? [join(dir, 'in.pdf'), '-'] : [join(dir, 'in.pdf')];
    const run = spawnSync(tool, [...args, ...out], { encoding: 'utf8' });
    if (run.error || run.status !== 0) throw new Error(`${tool} failed: ${run.error?.message ?? run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
