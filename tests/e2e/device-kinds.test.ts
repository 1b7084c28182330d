import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { issueApiToken } from '../../src/platform/auth/principal.js';
import { call, databases, login, startTestApp, type Session, type TestApp } from '../support/harness.js';
import { bearer, expectStatus, loadDemoEvent, refusalOf } from '../support/fixtures.js';

const EV = '/api/v1/events/wic2017';
type Kind = 'camera' | 'scanner' | 'face_terminal' | 'station';
type Route = 'ingest' | 'photo' | 'bundle' | 'scan' | 'face';

/**
 * Device tokens have kinds: each reaches only its own routes and gets 403 forbidden everywhere else, whatever the
 * device account's grants (all device accounts hold the same `device` role).
 */
describe.each(databases())('device token kinds (%s)', (kind) => {
  let app: TestApp;
  let organiser: Session;
  let guestId: number;
  const tokens = new Map<Kind, string>();
  const reach: Record<Route, (token: string) => Promise<LightMyRequestResponse>> = {
    ingest: (t) => app.app.inject({ method: 'POST', url: `${EV}/cameras/NO-SUCH-CAMERA/anpr`, headers: { ...bearer(t), 'content-type': 'application/json' }, payload: '{}' }),
    photo: (t) => app.app.inject({ method: 'GET', url: `${EV}/guests/${guestId}/photo`, headers: bearer(t) }),
    bundle: (t) => app.app.inject({ method: 'GET', url: `${EV}/gate-bundle`, headers: bearer(t) }),
    scan: (t) => app.app.inject({ method: 'POST', url: `${EV}/scans`, headers: bearer(t), payload: {} }),
    face: (t) => app.app.inject({ method: 'POST', url: `${EV}/face-checks`, headers: { ...bearer(t), 'content-type': 'image/jpeg' }, payload: Buffer.from('not a frame') }),
  };
  /** Per route, whether the token got past authorisation (anything but 403 forbidden) */
  const reached = async (token: string) => {
    const out: Partial<Record<Route, boolean>> = {};
    for (const [route, send] of Object.entries(reach) as Array<[Route, (t: string) => Promise<LightMyRequestResponse>]>) {
      const res = await send(token);
      expect(res.statusCode, `${route}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      out[route] = !(res.statusCode === 403 && res.json<{ error: { code: string } }>().error.code === 'forbidden');
    }
    return out;
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { HUIWU_FACE_CHECK: 'off' });
    await loadDemoEvent(app);
    organiser = await login(app, 'organiser@wic2017.example.org', DEMO_PASSWORD);
    guestId = (await app.deps.db.selectFrom('guests').select('id').where('email', '=', 'guest@wic2017.example.org').executeTakeFirstOrThrow()).id;
    for (const k of ['camera', 'scanner', 'face_terminal', 'station'] as const) {
      const res = await call(app, organiser, 'POST', `${EV}/accounts`, { email: `device-${k.replace('_', '-')}@wic2017.example.org`, displayName: `A ${k}`, role: 'device', deviceKind: k });
      expectStatus(res, 201);
      expect(res.json<{ deviceKind: string }>().deviceKind).toBe(k);
      tokens.set(k, res.json<{ token: string }>().token);
    }
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('lets a camera token post plates only: 403 on a guest photo, the gate bundle, scans and face checks', async () => {
    expect(await reached(tokens.get('camera')!)).toEqual({ ingest: true, photo: false, bundle: false, scan: false, face: false });
    expect(refusalOf(await reach.photo(tokens.get('camera')!))).toBe('403 forbidden -');
  });

  it('lets a scanner token scan, take the gate bundle and see guest photos, but not post plates or check faces', async () => {
    expect(await reached(tokens.get('scanner')!)).toEqual({ ingest: false, photo: true, bundle: true, scan: true, face: false });
    expectStatus(await reach.bundle(tokens.get('scanner')!), 200);
  });

  it('lets a face terminal check faces and see guest photos, but not scan, take the bundle or post plates', async () => {
    expect(await reached(tokens.get('face_terminal')!)).toEqual({ ingest: false, photo: true, bundle: false, scan: false, face: true });
  });

  it('keeps a station (and a device account made without a kind) reaching every device route, as every device token did before kinds', async () => {
    expect(await reached(tokens.get('station')!)).toEqual({ ingest: true, photo: true, bundle: true, scan: true, face: true });
    const plain = await call(app, organiser, 'POST', `${EV}/accounts`, { email: 'device-plain@wic2017.example.org', displayName: 'Gate tablet', role: 'device' });
    expectStatus(plain, 201);
    expect(plain.json<{ deviceKind: string }>().deviceKind).toBe('station');
    expect(await reached(plain.json<{ token: string }>().token)).toEqual({ ingest: true, photo: true, bundle: true, scan: true, face: true });
  });

  it("limits a person's own API token by their grants only", async () => {
    const { token } = await issueApiToken(app.deps.db, organiser.userId, 'organiser script');
    expect(await reached(token)).toEqual({ ingest: false, photo: true, bundle: true, scan: true, face: true });
  });

  it('refuses a kind for an account that is not a device', async () => {
    const res = await call(app, organiser, 'POST', `${EV}/accounts`, { email: 'desk-kind@wic2017.example.org', displayName: 'Desk', role: 'desk_staff', deviceKind: 'scanner' });
    expect(refusalOf(res)).toBe('400 validation deviceKind');
    expect(await app.deps.db.selectFrom('users').select('id').where('email', '=', 'desk-kind@wic2017.example.org').execute()).toEqual([]);
  });
});
