import PDFDocument from 'pdfkit';
import { drawQr } from '../../platform/pdf/draw-qr.js';
import { notoSansSc } from '../../platform/pdf/noto-sans-sc.js';
import type { EventRow } from '../events/index.js';
import type { Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { readStops, type StopRow } from './network.store.js';

/**
 * The posters that stand at each cart stop: one A4 page per stop, with a QR code a phone reads from a few steps
 * away (110 mm, level M, drawn as vectors) that opens the attendee app's call page for that stop. Everything a
 * guest reads is in Chinese and English; the fonts are the badges' embedded Noto Sans SC.
 */

const MM = 72 / 25.4;
const W = 210 * MM;
const H = 297 * MM;
const QR_MM = 110;
const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#0b6e4f';

const STEPS: Array<{ zh: string; en: string }> = [
  { zh: '用手机扫描二维码', en: 'Scan the QR code with your phone' },
  { zh: '选择目的地和人数', en: 'Choose where to go and how many you are' },
  { zh: '在此等候，把乘车码给司机看', en: 'Wait here and show the driver your ride code' },
];

/** The call page of a stop, as its QR code carries it. */
export const stopCallUrl = (origin: string, slug: string, code: string) =>
  `${origin}/app/cart/${encodeURIComponent(slug)}/${encodeURIComponent(code)}`;

type Doc = PDFKit.PDFDocument;

/** Noto Sans SC writes both names of a stop (Chinese and Latin). */
interface PosterFonts {
  regular: { name: string; data: Buffer };
  bold: { name: string; data: Buffer };
}
function posterFonts(): PosterFonts {
  const { regular, bold } = notoSansSc();
  return { regular: { name: 'poster-regular', data: regular }, bold: { name: 'poster-bold', data: bold } };
}

function centred(doc: Doc, font: string, text: string, y: number, max: number, min: number, color = INK): number {
  doc.font(font).fillColor(color);
  let size = max;
  const width = W - 40 * MM;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 1;
  doc.fontSize(size).text(text, 20 * MM, y, { width, align: 'center', lineBreak: false });
  return size;
}

function drawPoster(doc: Doc, fonts: PosterFonts, event: EventRow, stop: StopRow, url: string): void {
  doc.addPage({ size: 'A4', margin: 0 });
  const bold = fonts.bold.name;
  const regular = fonts.regular.name;

  doc
    .save()
    .rect(0, 0, W, 52 * MM)
    .fillColor(ACCENT)
    .fill()
    .restore();
  centred(doc, bold, '扫码呼叫观光车', 12 * MM, 40, 24, '#ffffff');
  centred(doc, regular, 'Scan to call a sightseeing cart', 31 * MM, 22, 14, '#ffffff');

  centred(doc, bold, stop.name_zh, 60 * MM, 34, 16);
  centred(doc, regular, stop.name_en, 76 * MM, 20, 11);
  centred(doc, bold, `站点 Stop  ${stop.code}`, 88 * MM, 16, 10, MUTED);

  const qr = QR_MM * MM;
  const qrY = 100 * MM;
  drawQr(doc, url, (W - qr) / 2, qrY, qr);
  centred(doc, regular, url, qrY + qr + 4 * MM, 9, 6, MUTED);

  let y = qrY + qr + 14 * MM;
  STEPS.forEach((step, i) => {
    const x = 30 * MM;
    doc
      .save()
      .circle(x + 4 * MM, y + 4 * MM, 4 * MM)
      .fillColor(ACCENT)
      .fill()
      .restore();
    doc
      .font(bold)
      .fontSize(14)
      .fillColor('#ffffff')
      .text(String(i + 1), x, y + 1.6 * MM, { width: 8 * MM, align: 'center', lineBreak: false });
    doc
      .font(bold)
      .fontSize(14)
      .fillColor(INK)
      .text(step.zh, x + 12 * MM, y, { lineBreak: false });
    doc
      .font(regular)
      .fontSize(11)
      .fillColor(MUTED)
      .text(step.en, x + 12 * MM, y + 6.5 * MM, { lineBreak: false });
    y += 15 * MM;
  });

  doc
    .save()
    .moveTo(20 * MM, H - 22 * MM)
    .lineTo(W - 20 * MM, H - 22 * MM)
    .lineWidth(0.5)
    .strokeColor('#cccccc')
    .stroke()
    .restore();
  centred(doc, regular, event.name_zh, H - 18 * MM, 11, 7, MUTED);
  centred(doc, regular, event.name_en, H - 12 * MM, 9, 6, MUTED);
}

/** One poster per active stop, or only `stopCode`'s (any stop of the event, active or not, may be reprinted). */
export async function renderPosters(deps: Deps, event: EventRow, origin: string, stopCode?: string): Promise<Result<Buffer>> {
  const stops = (await readStops(deps.db, event.id)).filter((s) => (stopCode === undefined ? Number(s.active) === 1 : s.code === stopCode));
  if (stopCode !== undefined && stops.length === 0) return refuse('not_found', 'stop');
  if (stops.length === 0) return refuse('network_no_stops');
  const fonts = posterFonts();
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    margin: 0,
    compress: true,
    info: { Title: `${event.name_en} cart stops`, Creator: 'Huiwu' },
  });
  for (const f of [fonts.regular, fonts.bold]) doc.registerFont(f.name, f.data);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  for (const stop of stops) drawPoster(doc, fonts, event, stop, stopCallUrl(origin, event.slug, stop.code));
  doc.end();
  await ended;
  return ok(Buffer.concat(chunks));
}
