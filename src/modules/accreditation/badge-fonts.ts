import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { notoSansSc } from '../../platform/pdf/noto-sans-sc.js';

/**
 * The fonts a badge embeds (pdfkit subsets each to the glyphs used), and which of them can write a given text.
 * Noto Sans SC covers Han, kana, Latin and Cyrillic; the demo also names people in Arabic, Hangul, Devanagari
 * and Thai, which need Noto fonts that are not dependencies yet. Those are picked up when their npm package is
 * installed (the list below); until then a name in such a script is printed as its Latin form, never as boxes.
 */

export interface BadgeFont {
  /** the name registered with pdfkit */
  name: string;
  data: Buffer;
  /** code points the font has a glyph for */
  covers: Set<number>;
}

export interface BadgeFonts {
  regular: BadgeFont;
  bold: BadgeFont;
  /** fonts for scripts Noto Sans SC lacks, in the order they are tried */
  extra: BadgeFont[];
}

const require = createRequire(import.meta.url);
/** Optional: used when installed (npm i <package>), skipped otherwise. */
export const EXTRA_FONT_FILES = [
  '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
  '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
];

function resolveFont(spec: string): string | null {
  try {
    const path = require.resolve(spec);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function loadFont(name: string, data: Buffer): BadgeFont {
  return { name, data, covers: coveredCodePoints(data) };
}

let cached: BadgeFonts | null = null;
/** Loaded once per process: the CJK font alone is 10 MB, and reading its cmap takes a few milliseconds. */
export function badgeFonts(): BadgeFonts {
  if (cached) return cached;
  const { regular, bold } = notoSansSc();
  const extra: BadgeFont[] = [];
  EXTRA_FONT_FILES.forEach((spec, i) => {
    const path = resolveFont(spec);
    if (path) extra.push(loadFont(`extra-${i}`, readFileSync(path)));
  });
  cached = { regular: loadFont('sc-regular', regular), bold: loadFont('sc-bold', bold), extra };
  return cached;
}

/** Characters every font can skip: spaces and joiners never need a glyph of their own. */
const IGNORABLE = /[\s\u200b-\u200d\u2060\ufeff]/u;

export function canWrite(font: BadgeFont, text: string): boolean {
  for (const ch of text) {
    if (IGNORABLE.test(ch)) continue;
    if (!font.covers.has(ch.codePointAt(0)!)) return false;
  }
  return true;
}

/** The first font that writes every character of `text`, or null. */
export function fontFor(fonts: BadgeFonts, text: string, preferBold = false): BadgeFont | null {
  const candidates = [preferBold ? fonts.bold : fonts.regular, ...fonts.extra];
  return candidates.find((f) => canWrite(f, text)) ?? null;
}

/** `text` without the characters no loaded font has (for organisation names and the like, never for a name). */
export function writable(fonts: BadgeFonts, text: string): string {
  const all = [fonts.regular, ...fonts.extra];
  return [...text].filter((ch) => IGNORABLE.test(ch) || all.some((f) => f.covers.has(ch.codePointAt(0)!))).join('');
}

/**
 * The code points of a TrueType/OpenType font's Unicode cmap (formats 4 and 12), read from the table directly:
 * pdfkit's own font engine is internal to it, and this is all a badge needs to avoid printing boxes.
 */
export function coveredCodePoints(font: Buffer): Set<number> {
  const set = new Set<number>();
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (font.toString('latin1', rec, rec + 4) === 'cmap') cmap = font.readUInt32BE(rec + 8);
  }
  if (cmap < 0) return set;
  const subtables = font.readUInt16BE(cmap + 2);
  let best = -1;
  let bestFormat = 0;
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(rec);
    const encoding = font.readUInt16BE(rec + 2);
    const offset = cmap + font.readUInt32BE(rec + 4);
    const format = font.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && bestFormat !== 12))) {
      best = offset;
      bestFormat = format;
    }
  }
  if (best < 0) return set;
  if (bestFormat === 12) {
    const groups = font.readUInt32BE(best + 12);
    for (let g = 0; g < groups; g++) {
      const rec = best + 16 + g * 12;
      const start = font.readUInt32BE(rec);
      const end = font.readUInt32BE(rec + 4);
      const glyph = font.readUInt32BE(rec + 8);
      for (let cp = start; cp <= end; cp++) if (glyph + (cp - start) !== 0) set.add(cp);
    }
    return set;
  }
  const segX2 = font.readUInt16BE(best + 6);
  const ends = best + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  for (let s = 0; s < segX2 / 2; s++) {
    const end = font.readUInt16BE(ends + s * 2);
    const start = font.readUInt16BE(starts + s * 2);
    const delta = font.readInt16BE(deltas + s * 2);
    const rangeOffset = font.readUInt16BE(rangeOffsets + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (cp + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (cp - start) * 2;
        const raw = font.readUInt16BE(at);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) set.add(cp);
    }
  }
  return set;
}
