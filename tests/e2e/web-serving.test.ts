import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../support/harness.js';

// The global setup builds dist/web whenever Chromium is there (always in CI).
describe.skipIf(!inject('chromium'))('the web build served by the API server', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite');
  });
  afterAll(async () => app?.dispose());

  it('serves the attendee app at /, the console and the stations at their paths, deep links included', async () => {
    for (const [path, marker] of [['/', '/app/'], ['/sessions/any-guid', '/app/'], ['/console', 'console'], ['/console/wic2017/programme', 'console'], ['/stations/', 'stations']] as const) {
      const res = await call(app, null, 'GET', path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain(marker === '/app/' ? '<div id="root">' : marker);
    }
  });

  it('keeps coded JSON 404s for unknown API paths', async () => {
    const res = await call(app, null, 'GET', '/api/v1/not-a-route');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
  });

  it('sends hashed assets precompressed with brotli or gzip, cached for a year', async () => {
    const asset = readdirSync('dist/web/assets').find((f) => /^app-.*\.js$/.test(f))!;
    const br = await call(app, null, 'GET', `/assets/${asset}`, undefined, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await call(app, null, 'GET', `/assets/${asset}`, undefined, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await call(app, null, 'GET', `/assets/${asset}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
  });

  it('serves the web app manifest and the service worker', async () => {
    expect((await call(app, null, 'GET', '/manifest.webmanifest')).json()).toMatchObject({ start_url: '/', display: 'standalone' });
    const sw = await call(app, null, 'GET', '/sw.js');
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
  });
});
