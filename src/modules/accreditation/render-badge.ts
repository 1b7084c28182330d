import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';
import { drawQr } from '../../platform/pdf/draw-qr.js';
import type { BadgeData, BadgeEvent } from './badge-data.js';
import { badgeFonts, fontFor, writable, type BadgeFonts } from './badge-fonts.js';

/**
 * Draws A6 badges (105 × 148 mm), one page per guest: event name (zh + en), photo, the name in the person's own
 * script large and in Latin, organisation, the category on a band in its colour, the zone codes, and the signed
 * credential as a 41 mm QR code (level M) drawn as vectors so it stays sharp on any printer.
 */

const MM = 72 / 25.4;
const W = 105 * MM;
const H = 148 * MM;
/** ≥ 35 mm, so a gate scanner reads it at arm's length */
export const QR_SIZE_MM = 41;
const INK = '#1a1a1a';
const MUTED = '#666666';

export type PhotoSource = (guestId: number) => Promise<Buffer | null>;
export type Progress = (done: number, total: number) => void;

/** White or black, whichever reads better on the band colour. */
function textOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#ffffff';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16) / 255) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.6 ? INK : '#ffffff';
}
const safeColor = (hex: string) => (/^#[0-9a-f]{6}$/i.test(hex) ? hex : '#555555');

type Doc = PDFKit.PDFDocument;

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * Right-to-left text (Arabic, Hebrew) word by word from the right: the font engine shapes and orders the letters
 * of a word, but pdfkit's line layout loses spaces between reversed words.
 */
function rtlLine(doc: Doc, text: string, x: number, y: number, w: number, align: 'center' | 'left'): void {
  const words = text.split(/\s+/u).filter(Boolean);
  const space = doc.widthOfString(' ');
  const widths = words.map((word) => doc.widthOfString(word));
  const total = widths.reduce((a, b) => a + b, 0) + space * (words.length - 1);
  let right = align === 'center' ? x + (w + total) / 2 : x + total;
  words.forEach((word, i) => {
    right -= widths[i]!;
    doc.text(word, right, y, { lineBreak: false });
    right -= space;
  });
}

/** Writes `text` in [x, x+w] at the largest size from `max` down to `min` that fits on one line. */
function fitLine(doc: Doc, font: string, text: string, x: number, y: number, w: number, max: number, min: number, align: 'center' | 'left' = 'left'): number {
  doc.font(font);
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > w) size -= 0.5;
  doc.fontSize(size);
  if (RTL.test(text)) rtlLine(doc, text, x, y, w, align);
  else doc.text(text, x, y, { width: w, align, lineBreak: false, height: size * 1.4, ellipsis: true });
  return size;
}

function drawPhoto(doc: Doc, fonts: BadgeFonts, photo: Buffer | null, x: number, y: number, w: number, h: number): void {
  doc.save().rect(x, y, w, h).fillColor('#eeeeee').fill().restore();
  if (photo) {
    try {
      doc.save().rect(x, y, w, h).clip();
      doc.image(photo, x, y, { cover: [w, h], align: 'center', valign: 'center' });
      doc.restore();
      return;
    } catch {
      doc.restore();
      // not an image pdfkit can read (it reads JPEG and PNG): the placeholder below
    }
  }
  doc.font(fonts.regular.name).fontSize(8).fillColor('#999999').text('照片 / Photo', x, y + h / 2 - 5, { width: w, align: 'center', lineBreak: false });
}

function drawBadge(doc: Doc, fonts: BadgeFonts, event: BadgeEvent, b: BadgeData, photo: Buffer | null): void {
  doc.addPage({ size: [W, H], margin: 0 });
  const pad = 16;
  const color = safeColor(b.category.color);
  const onColor = textOn(color);

  // event name
  doc.fillColor(INK);
  fitLine(doc, fonts.bold.name, writable(fonts, event.name.zh), pad, 12, W - 2 * pad, 12, 7, 'center');
  fitLine(doc, fonts.regular.name, writable(fonts, event.name.en), pad, 29, W - 2 * pad, 8, 5, 'center');
  doc.save().moveTo(pad, 44).lineTo(W - pad, 44).lineWidth(0.5).strokeColor('#cccccc').stroke().restore();

  // photo and names
  const photoW = 27 * MM;
  const photoH = 34 * MM;
  drawPhoto(doc, fonts, photo, pad, 54, photoW, photoH);
  const nx = pad + photoW + 10;
  const nw = W - nx - pad;
  // the name in the person's own script when a font writes it; otherwise the Latin name takes its place
  const own = fontFor(fonts, b.name, true);
  const big = own ? b.name : b.nameLatin;
  const bigFont = own ?? fontFor(fonts, b.nameLatin, true) ?? fonts.bold;
  doc.fillColor(INK);
  let y = 58;
  const size = fitLine(doc, bigFont.name, own ? big : writable(fonts, big), nx, y, nw, 30, 11);
  // scripts from the extra fonts (Arabic, Devanagari) reach further below the line than CJK and Latin
  y += size * (bigFont === fonts.bold ? 1.35 : 1.6);
  if (own && b.nameLatin && b.nameLatin !== b.name) {
    const latinFont = fontFor(fonts, b.nameLatin) ?? fonts.regular;
    doc.fillColor(INK);
    fitLine(doc, latinFont.name, writable(fonts, b.nameLatin), nx, y, nw, 12, 7);
    y += 18;
  }
  if (b.organisation) {
    const org = writable(fonts, b.organisation);
    const orgFont = fontFor(fonts, org) ?? fonts.regular;
    doc.font(orgFont.name).fontSize(8.5).fillColor(MUTED).text(org, nx, y + 2, { width: nw, height: 40, ellipsis: true });
  }

  // category band
  const bandY = 164;
  doc.save().rect(0, bandY, W, 46).fillColor(color).fill().restore();
  doc.fillColor(onColor);
  fitLine(doc, fonts.bold.name, writable(fonts, b.category.name.zh), pad, bandY + 6, W - 2 * pad, 17, 9, 'center');
  fitLine(doc, fonts.regular.name, writable(fonts, b.category.name.en).toUpperCase(), pad, bandY + 28, W - 2 * pad, 9, 6, 'center');

  // zone codes, as boxed labels on one line (smaller when many)
  const zoneY = 218;
  if (b.zones.length) {
    doc.font(fonts.bold.name);
    let fs = 9.5;
    const gap = 4;
    const widthAt = (s: number) => b.zones.reduce((sum, z) => sum + doc.fontSize(s).widthOfString(z) + 8, 0) + gap * (b.zones.length - 1);
    while (fs > 5 && widthAt(fs) > W - 2 * pad) fs -= 0.5;
    let zx = (W - widthAt(fs)) / 2;
    for (const z of b.zones) {
      const zw = doc.fontSize(fs).widthOfString(z) + 8;
      doc.save().roundedRect(zx, zoneY, zw, fs + 7, 2).lineWidth(0.8).strokeColor(INK).stroke().restore();
      doc.fillColor(INK).fontSize(fs).text(z, zx, zoneY + 3.5, { width: zw, align: 'center', lineBreak: false });
      zx += zw + gap;
    }
  }

  // the credential
  const qr = QR_SIZE_MM * MM;
  const qrY = 244;
  drawQr(doc, b.payload, (W - qr) / 2, qrY, qr);
  doc.font(fonts.regular.name).fontSize(6.5).fillColor(MUTED).text(`No. ${b.credentialId}`, pad, qrY + qr + 6, { width: W - 2 * pad, align: 'center', lineBreak: false });

  // bottom band repeats the colour, so the category reads from across a hall
  doc.save().rect(0, H - 22, W, 22).fillColor(color).fill().restore();
  doc.font(fonts.bold.name).fontSize(9).fillColor(onColor).text(writable(fonts, b.category.name.en).toUpperCase(), pad, H - 16, { width: W - 2 * pad, align: 'center', lineBreak: false });
}

/**
 * Renders the badges into one PDF stream. Fonts load once per process and register once per document, the
 * category and zone data come in `badges`; photos are read one at a time, so memory stays flat for 1,500.
 * Between pages the event loop gets a turn, so a server rendering a batch keeps answering.
 */
export function badgePdf(event: BadgeEvent, badges: BadgeData[], photo: PhotoSource, onProgress: Progress = () => {}): { doc: Doc; finished: Promise<void> } {
  const fonts = badgeFonts();
  const doc = new PDFDocument({ autoFirstPage: false, size: [W, H], margin: 0, compress: true, info: { Title: `${event.name.en} badges`, Creator: 'Huiwu' } });
  for (const f of [fonts.regular, fonts.bold, ...fonts.extra]) doc.registerFont(f.name, f.data);
  const finished = (async () => {
    onProgress(0, badges.length);
    for (let i = 0; i < badges.length; i++) {
      const b = badges[i]!;
      drawBadge(doc, fonts, event, b, await photo(b.guestId));
      onProgress(i + 1, badges.length);
      if (i % 10 === 9) await nextTurn();
    }
    doc.end();
  })();
  return { doc, finished };
}

/** The whole PDF in memory: for one badge, a small batch or a test. */
export async function badgePdfBuffer(event: BadgeEvent, badges: BadgeData[], photo: PhotoSource, onProgress?: Progress): Promise<Buffer> {
  const { doc, finished } = badgePdf(event, badges, photo, onProgress);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  await finished;
  await ended;
  return Buffer.concat(chunks);
}
