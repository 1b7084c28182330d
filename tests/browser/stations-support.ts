import { expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { issueCredential } from '../../src/modules/accreditation/index.js';
import { grantAccount } from '../../src/platform/auth/accounts.js';
import { newToken, sha256 } from '../../src/platform/auth/principal.js';
import { SYSTEM } from '../../src/platform/deps.js';
import { createFileStore } from '../../src/platform/files/file-store.js';
import type { Role } from '../../src/platform/auth/permissions.js';
import type { DbKind } from '../support/harness.js';
import { chromiumPath, startWebServer, type WebServer } from './support.js';

/** support.ts's flags for this machine (no sandbox as root, no background traffic), for a browser with extra ones. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const STAFF_PASSWORD = 'station-password-1';
export const GATE_EMAIL = 'gate-h@stations.example.org';
export const DESK_EMAIL = 'desk-h@stations.example.org';

export interface StationGuest {
  id: number;
  name: string;
  /** the badge QR text */
  credential: string;
  /** the invitation token (its sha256 is the guest's invite_hash) */
  token: string;
}

export interface StationsServer extends WebServer {
  eventId: number;
  guests: Record<string, StationGuest>;
}

const GUESTS = [
  { key: 'li', name: '李晓明', latin: 'LI Xiaoming', organisation: '浙江大学', category: 'guest' },
  { key: 'driver', name: '张师傅', latin: 'ZHANG Shifu', organisation: '车队', category: 'driver' },
  { key: 'smith', name: 'Anna Smith', latin: 'Anna Smith', organisation: 'Internet Society', category: 'guest' },
  { key: 'wang', name: '王芳', latin: 'WANG Fang', organisation: '新华社', category: 'media' },
] as const;

/**
 * Huiwu with the built web app, the WIC 2017 demo, a gate and a desk account and four approved guests with
 * badges. The demo event is moved to the days around today (in Wuzhen's time), so that the badges issued now are
 * valid now: the gate engine judges real clock time, as it does at a real event.
 */
export async function startStationsServer(kind: DbKind = 'sqlite'): Promise<StationsServer> {
  const server = await startWebServer(kind);
  const db = server.app.deps.db;
  const event = await db.selectFrom('events').select(['id', 'timezone']).where('slug', '=', 'wic2017').executeTakeFirstOrThrow();
  const today = DateTime.now().setZone(event.timezone);
  await db
    .updateTable('events')
    .set({ start_date: today.minus({ days: 1 }).toISODate()!, end_date: today.plus({ days: 1 }).toISODate()! })
    .where('id', '=', event.id)
    .execute();
  for (const [email, role] of [
    [GATE_EMAIL, 'gate_staff'],
    [DESK_EMAIL, 'desk_staff'],
  ] as Array<[string, Role]>) {
    const granted = await grantAccount(server.app.deps, SYSTEM, event.id, {
      email,
      displayName: `Station ${role}`,
      password: STAFF_PASSWORD,
      locale: 'en',
      role,
    });
    if (!granted.ok) throw new Error(granted.code);
  }
  const guests: Record<string, StationGuest> = {};
  for (const g of GUESTS) {
    const category = await db
      .selectFrom('categories')
      .select('id')
      .where('event_id', '=', event.id)
      .where('code', '=', g.category)
      .executeTakeFirstOrThrow();
    const token = newToken();
    const now = new Date().toISOString();
    const row = await db
      .insertInto('guests')
      .values({
        event_id: event.id,
        name: g.name,
        name_latin: g.latin,
        sort_key: g.latin.toLowerCase(),
        organisation: g.organisation,
        language: 'zh',
        status: 'approved',
        category_id: category.id,
        invite_hash: sha256(token),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const issued = await issueCredential(server.app.deps, SYSTEM, event.id, row.id, 'first');
    if (!issued.ok) throw new Error(issued.code);
    guests[g.key] = { id: row.id, name: g.name, credential: issued.value.payload, token };
  }
  await givePhoto(server, guests.smith!.id);
  return { ...server, eventId: event.id, guests };
}

/** Stores a JPEG (by default a drawn portrait) as the guest's photo, the way registration keeps one (file store + photo_key). */
export async function givePhoto(server: WebServer, guestId: number, photo?: Buffer): Promise<void> {
  const jpeg = photo ?? await sharp({ create: { width: 300, height: 400, channels: 3, background: '#8fa9c9' } })
    .composite([{ input: Buffer.from('<svg width="300" height="400"><ellipse cx="150" cy="170" rx="80" ry="105" fill="#e8c39e"/></svg>') }])
    .jpeg()
    .toBuffer();
  const store = createFileStore(server.app.deps.config.filesDir);
  const staged = await store.stage(Readable.from([jpeg]));
  const key = `station-test-photo-${guestId}.jpg`;
  await store.commit(staged, key);
  await server.app.deps.db.updateTable('guests').set({ photo_key: key }).where('id', '=', guestId).execute();
}

/** Signs in on the stations' start screen with a staff account. */
export async function signInAtStation(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/stations/`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(STAFF_PASSWORD);
  await page.locator('input[type="password"]').press('Enter');
}

/** Stops the HTTP server answering (connections refused, as when the server is down); the database stays. */
export async function stopListening(server: WebServer): Promise<void> {
  const http = server.app.app.server;
  await new Promise<void>((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
}

/** The same server, on the same port and database, answering again. */
export async function listenAgain(server: WebServer): Promise<void> {
  const http = server.app.app.server;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(Number(new URL(server.url).port), '127.0.0.1', () => resolve());
  });
}

/** Chromium whose fake camera shows a QR code of `text` on white, 640 × 480, for the camera scanner. */
export async function launchWithCameraShowing(text: string): Promise<{ browser: Browser; cleanup: () => void }> {
  const qr = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 400 });
  return launchWithCameraShowingImage(await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } }).composite([{ input: qr, gravity: 'centre' }]).png().toBuffer());
}

/**
 * Chromium whose fake camera shows a still image (any format sharp reads, scaled to 640 × 480) as a Y4M stream
 * in colour (BT.601 I420), for the gate's QR and face cameras.
 */
export async function launchWithCameraShowingImage(image: Buffer): Promise<{ browser: Browser; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-camera-'));
  const [w, h] = [640, 480];
  const { data } = await sharp(image).resize(w, h, { fit: 'contain', background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(w * h);
  const u = Buffer.alloc((w / 2) * (h / 2));
  const v = Buffer.alloc((w / 2) * (h / 2));
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let i = 0; i < w * h; i++) y[i] = clamp(0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!);
  for (let row = 0; row < h / 2; row++) {
    for (let col = 0; col < w / 2; col++) {
      const p = (row * 2 * w + col * 2) * 3;
      const [r, g, b] = [data[p]!, data[p + 1]!, data[p + 2]!];
      u[row * (w / 2) + col] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[row * (w / 2) + col] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  const file = join(dir, 'camera.y4m');
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, u, v]));
  const browser = await playwright.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${file}`,
    ],
  });
  return { browser, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The verdict the gate screen shows now (its nonce changes with every scan), or null before the first scan. */
export function shownVerdict(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('.verdict');
    return el ? { verdict: el.getAttribute('data-verdict'), code: el.getAttribute('data-code'), nonce: el.getAttribute('data-nonce') } : null;
  });
}

/** Types a badge text into the gate's scanner field as a keyboard-wedge scanner does, and waits for its verdict. */
export async function scanAtGate(page: Page, text: string): Promise<void> {
  const before = (await shownVerdict(page))?.nonce ?? null;
  await page.getByLabel('Scan a badge (scanner or type the code, then Enter)').fill(text);
  await page.getByLabel('Scan a badge (scanner or type the code, then Enter)').press('Enter');
  await expect.poll(async () => (await shownVerdict(page))?.nonce ?? null).not.toBe(before);
}
