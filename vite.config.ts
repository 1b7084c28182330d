import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const web = resolve(import.meta.dirname, 'web');
const outDir = resolve(import.meta.dirname, 'dist/web');

/**
 * Writes .br and .gz beside every text asset once at build time, so the server sends compressed bytes
 * (@fastify/static preCompressed) without compressing on each request. Phones on slow links gain most.
 */
function precompress(): Plugin {
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  return {
    name: 'huiwu-precompress',
    apply: 'build',
    enforce: 'post',
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|html|svg|json|webmanifest)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const data = await readFile(resolve(outDir, f));
          if (data.length < 1024) return;
          await writeFile(resolve(outDir, `${f}.br`), await br(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(resolve(outDir, `${f}.gz`), await gz(data, { level: 9 }));
        }),
      );
    },
  };
}

/** One build, three entry points: the attendee app at /, the console at /console, the stations at /stations/. */
export default defineConfig({
  root: web,
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    rollupOptions: {
      input: {
        app: resolve(web, 'index.html'),
        console: resolve(web, 'console/index.html'),
        stations: resolve(web, 'stations/index.html'),
      },
    },
  },
  plugins: [
    react(),
    VitePWA({
      // The attendee app works offline: its shell is precached, API reads are cached network-first.
      registerType: 'autoUpdate',
      injectRegister: false,
      filename: 'sw.js',
      scope: '/',
      manifest: {
        name: 'Huiwu 会务',
        short_name: 'Huiwu',
        description: 'Conference programme, agenda and notices · 会议日程、我的日程与通知',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d4ed8',
        lang: 'zh-CN',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        // take over the page that installed the worker, so a first visit is already cached for offline use
        clientsClaim: true,
        skipWaiting: true,
        // the stations' page too (it registers this worker), so a gate reloaded without network still opens; with
        // the QR decoder's .wasm (~1 MB) for the camera on devices without a built-in barcode detector
        globPatterns: ['index.html', 'stations/index.html', 'assets/**/*.{js,css,wasm}', 'icon.svg', 'manifest.webmanifest'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/console/, /^\/stations/, /^\/metrics/, /^\/healthz/],
        runtimeCaching: [
          {
            // not the event stream: it never ends, so the cache would hold a copy of it open for the page's life.
            // Never what the stations ask (their referrer is a /stations page), nor the gate data and the scans from
            // anywhere: a station keeps its own bundle and must see a stopped server as a network error, never a
            // stale cached answer. (Serialised into sw.js: everything it uses is inline.)
            urlPattern: ({ url, request }) =>
              url.pathname.startsWith('/api/v1/') &&
              !url.pathname.startsWith('/api/v1/auth/login') &&
              !url.pathname.endsWith('/stream') &&
              !/\/(gate-bundle|scans)(\/|$)/.test(url.pathname) &&
              !/^https?:\/\/[^/]+\/stations(\/|$)/.test(request.referrer),
            handler: 'NetworkFirst',
            options: { cacheName: 'api', networkTimeoutSeconds: 4, expiration: { maxEntries: 200 } },
          },
        ],
      },
    }),
    precompress(),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
