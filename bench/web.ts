/**
 * npm run bench:web — the attendee app as a guest's phone meets it:
 *  - JS on first load: gzip bytes of the scripts index.html loads (built files, gzipped here: the budget is
 *    ≤ 150 KB), and the script bytes Chromium actually transferred on a cold load (as served, all scripts
 *    including the ones loaded after the first render, such as the service-worker registration);
 *  - time until the programme shows (the first session row is in the DOM, from navigation start), on a cold
 *    load (new profile: no HTTP cache, no service worker) and on a warm one (same profile after one visit: shell
 *    from the service worker's precache, API network-first), with the page's network throttled by CDP to a slow
 *    mobile profile. Medians of BENCH_WEB_RUNS (default 5) runs each.
 * Needs Chromium (HUIWU_CHROMIUM, default /usr/bin/chromium). Builds the web app for production first.
 * Caveat: CDP's page throttling does not apply to requests the service worker itself sends to the network, so the
 * warm figure's API read is unthrottled; its shell and scripts come from Cache Storage either way.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startBenchServer } from './server.js';

process.env.NODE_ENV = 'production';
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const CHROMIUM = process.env.HUIWU_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '..');
const PROFILE = { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };
const FIRST_ROW = 'li[data-code="OC"]';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** The scripts the built index.html loads up front (entry + modulepreloads), each gzipped at level 9. */
function builtFirstLoad(): { files: number; raw: number; gzip: number } {
  const dir = resolve(ROOT, 'dist/web');
  const html = readFileSync(resolve(dir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const src of new Set(srcs)) {
    const body = readFileSync(resolve(dir, `.${src}`));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files: new Set(srcs).size, raw, gzip };
}

/** Loads the app under the slow profile; returns ms from navigation start to the first programme row, and script bytes. */
async function timedLoad(context: BrowserContext, url: string): Promise<{ ms: number; scriptBytes: number }> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', PROFILE);
  const scripts = new Set<string>();
  let scriptBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) scriptBytes += e.encodedDataLength;
  });
  // Page code is passed as text: this file is type-checked for Node, without the DOM's types.
  await page.addInitScript({
    content: `(() => {
      const obs = new MutationObserver(() => {
        if (window.__shown === undefined && document.querySelector(${JSON.stringify(FIRST_ROW)})) {
          window.__shown = performance.now();
          obs.disconnect();
        }
      });
      obs.observe(document, { childList: true, subtree: true });
    })()`,
  });
  await page.goto(url);
  await page.locator(FIRST_ROW).waitFor({ timeout: 120_000 });
  const ms = (await page.evaluate('window.__shown')) as number;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.close();
  return { ms, scriptBytes };
}

async function main() {
  const { build } = await import('vite');
  await build({ configFile: resolve(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  const built = builtFirstLoad();
  const server = await startBenchServer('sqlite', '');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'] });
  try {
    const cold: number[] = [];
    const transferred: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'allow' });
      const r = await timedLoad(context, server.url);
      cold.push(r.ms);
      transferred.push(r.scriptBytes);
      await context.close();
    }

    const context = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'allow' });
    const first = await context.newPage();
    await first.goto(server.url);
    await first.locator(FIRST_ROW).waitFor();
    await first.evaluate(`(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 400; i++) {
        if ((await (await caches.open('api')).keys()).some((k) => k.url.includes('/programme'))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('service worker never cached the programme');
    })()`);
    await first.close();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push((await timedLoad(context, server.url)).ms);
    await context.close();

    const rows = [
      ['first-load JS, built files gzipped (budget 150 KB)', `${kb(built.gzip)} gzip (${built.files} files, ${kb(built.raw)} raw)`],
      ['script bytes transferred, cold load (all scripts, as served)', kb(median(transferred))],
      [`programme shown, cold load, ${PROFILE.latency} ms RTT / 400 kbps`, `${median(cold).toFixed(0)} ms (runs: ${cold.map((x) => x.toFixed(0)).join(', ')})`],
      [`programme shown, warm load (service worker), same profile`, `${median(warm).toFixed(0)} ms (runs: ${warm.map((x) => x.toFixed(0)).join(', ')})`],
    ];
    const w = Math.max(...rows.map((r) => r[0]!.length));
    console.log(`attendee app, ${RUNS} runs each, medians`);
    for (const [k, v] of rows) console.log(`${k!.padEnd(w)}  ${v}`);
    if (built.gzip > 150 * 1024) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
