import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const web = resolve(import.meta.dirname, 'web');

/** One build, three entry points: the attendee app at /, the console at /console, the stations at /stations/. */
export default defineConfig({
  root: web,
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
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
        globPatterns: ['index.html', 'assets/**/*.{js,css}', 'icon.svg', 'manifest.webmanifest'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/console/, /^\/stations/, /^\/metrics/, /^\/healthz/],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/api/v1/') && !url.pathname.startsWith('/api/v1/auth/login'),
            handler: 'NetworkFirst',
            options: { cacheName: 'api', networkTimeoutSeconds: 4, expiration: { maxEntries: 200 } },
          },
        ],
      },
    }),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
