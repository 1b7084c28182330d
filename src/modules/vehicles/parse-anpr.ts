/**
 * What an ANPR camera posted, in whichever of the three shapes it came: Hikvision ISAPI `EventNotificationAlert`
 * XML (bare, or as the XML part of multipart/form-data beside its plate and scene JPEGs), a Dahua
 * `client.notifyEventStream` push (real cameras send text that is not always valid JSON, so the plate is taken by
 * pattern when parsing fails), or our generic JSON webhook `{ plate, seenAt?, confidence?, image? }`.
 * Pure and total: any bytes give an answer, never an exception.
 */

/** `image`: JPEGs without any text, from a camera without on-board ANPR (a plate reader may read them) */
export type PayloadKind = 'hikvision' | 'dahua' | 'json' | 'image' | 'unknown';

export interface AnprReport {
  kind: PayloadKind;
  /** read: a plate text came; unread: a well-formed report without one; unreadable: nothing recognisable */
  status: 'read' | 'unread' | 'unreadable';
  plate?: string;
  /** 0–1 */
  confidence?: number;
  /** the camera's own time (ISO-8601 UTC) */
  cameraTime?: string;
  /** JPEG images the camera sent (plate crop, scene) */
  images: Buffer[];
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
export const isJpeg = (b: Buffer) => b.length > 3 && b.subarray(0, 3).equals(JPEG);
/** at most this many images are kept per report */
const MAX_IMAGES = 4;

interface Part {
  headers: string;
  body: Buffer;
}

/** A multipart/form-data body split into parts, binary-safe; [] when it cannot be split. */
export function splitMultipart(body: Buffer, contentType: string): Part[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const chunk = body.subarray(start, next);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      let content = chunk.subarray(headerEnd + 4);
      if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
      parts.push({ headers: chunk.subarray(0, headerEnd).toString('utf8').toLowerCase(), body: content });
    }
    at = next;
  }
  return parts;
}

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.trim();

function isoOf(value: string | number | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const d = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function confidenceOf(value: unknown, scale: number): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  return Math.min(1, n / scale);
}

function fromHikvision(xml: string, images: Buffer[]): AnprReport {
  if (!/<EventNotificationAlert[\s>]/.test(xml)) return { kind: 'unknown', status: 'unreadable', images };
  const plate = tag(xml, 'licensePlate');
  const cameraTime = isoOf(tag(xml, 'dateTime'));
  const confidence = confidenceOf(tag(xml, 'confidenceLevel'), 100);
  // a camera that read nothing sends "unknown" or an empty tag
  const read = plate && !/^(unknown|无车牌|无牌)$/i.test(plate);
  return {
    kind: 'hikvision',
    status: read ? 'read' : 'unread',
    ...(read ? { plate } : {}),
    ...(read && confidence !== undefined ? { confidence } : {}),
    ...(cameraTime ? { cameraTime } : {}),
    images,
  };
}

function fromDahua(text: string): AnprReport {
  // one path for valid and invalid JSON alike (real pushes miss commas): the fields are taken by pattern
  const str = (re: RegExp) => re.exec(text)?.[1];
  const plate =
    str(/"PlateNumber"\s*:\s*"([^"]+)"/) ??
    str(/"Plate"\s*:\s*\{[^{}]*?"Text"\s*:\s*"([^"]+)"/) ??
    str(/"ObjectType"\s*:\s*"Plate"[^{}]*?"Text"\s*:\s*"([^"]+)"/);
  const utc = str(/"RealUTC"\s*:\s*(\d+)/) ?? str(/"UTC"\s*:\s*(\d+)/);
  const cameraTime = utc ? isoOf(Number(utc)) : undefined;
  return { kind: 'dahua', status: plate ? 'read' : 'unread', ...(plate ? { plate } : {}), ...(cameraTime ? { cameraTime } : {}), images: [] };
}

function fromJson(value: Record<string, unknown>): AnprReport {
  const images: Buffer[] = [];
  if (typeof value.image === 'string') {
    const img = Buffer.from(value.image.replace(/^data:[^,]*,/, ''), 'base64');
    if (isJpeg(img)) images.push(img);
  }
  const plate = typeof value.plate === 'string' && value.plate.trim() !== '' ? value.plate.trim().slice(0, 32) : undefined;
  const cameraTime = typeof value.seenAt === 'string' ? isoOf(value.seenAt) : undefined;
  const confidence = confidenceOf(value.confidence, 1);
  return {
    kind: 'json',
    status: plate ? 'read' : 'unread',
    ...(plate ? { plate } : {}),
    ...(plate && confidence !== undefined ? { confidence } : {}),
    ...(cameraTime ? { cameraTime } : {}),
    images,
  };
}

const looksDahua = (text: string) => /notifyEventStream|TrafficJunction|"PlateNumber"/.test(text);

/** Reads one post of a camera. `contentType` is the request's header (may be empty). */
export function parseAnpr(body: Buffer | undefined, contentType: string): AnprReport {
  if (!body || body.length === 0) return { kind: 'unknown', status: 'unreadable', images: [] };
  if (/^multipart\/form-data/i.test(contentType)) {
    const parts = splitMultipart(body, contentType);
    const images = parts.filter((p) => isJpeg(p.body)).map((p) => p.body).slice(0, MAX_IMAGES);
    const xml = parts.find((p) => !isJpeg(p.body) && /^\s*(<\?xml|<EventNotificationAlert)/.test(p.body.toString('utf8', 0, 200)));
    if (xml) return fromHikvision(xml.body.toString('utf8'), images);
    const json = parts.find((p) => !isJpeg(p.body) && /^\s*\{/.test(p.body.toString('utf8', 0, 50)));
    if (json) {
      const report = parseAnpr(json.body, 'application/json');
      return { ...report, images: [...report.images, ...images].slice(0, MAX_IMAGES) };
    }
    return images.length > 0 ? { kind: 'image', status: 'unread', images } : { kind: 'unknown', status: 'unreadable', images };
  }
  if (isJpeg(body)) return { kind: 'image', status: 'unread', images: [body] };
  const text = body.toString('utf8');
  const head = text.trimStart();
  if (head.startsWith('<')) return fromHikvision(text, []);
  if (looksDahua(text)) return fromDahua(text);
  if (head.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value) && 'plate' in value) return fromJson(value as Record<string, unknown>);
    } catch {
      // falls through: not our webhook
    }
  }
  return { kind: 'unknown', status: 'unreadable', images: [] };
}
