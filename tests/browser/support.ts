import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.js';
import { startTestApp, type DbKind, type TestApp } from '../support/harness.js';

export const chromiumPath = inject('chromium');

/** The flags this machine needs (no sandbox as root, no background traffic to a closed network). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The worker's one Chromium, launched by the first browser suite the worker runs. The browser suites run in vitest's
 * non-isolated project (vitest.config.ts): a worker runs many suites in turn and keeps this module, so a suite starts
 * with new contexts in a running browser instead of starting a browser. One that crashed or was closed is launched
 * again; playwright closes it when the worker exits.
 */
let chromium: Promise<Browser> | undefined;

function workerChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('Chromium is not available');
  const launched = (chromium ??= playwright.launch({ executablePath: chromiumPath, headless: true, args: FLAGS }).then((browser) => {
    browser.once('disconnected', () => {
      if (chromium === launched) chromium = undefined;
    });
    return browser;
  }));
  launched.catch(() => {
    if (chromium === launched) chromium = undefined;
  });
  return launched;
}

/**
 * A browser for one suite: the worker's Chromium (workerChromium), seen through a view whose `close()` closes the
 * contexts (and so the pages) this suite opened, not the browser. Every page of a suite is in a context of its own
 * (`newPage` makes one, as in Playwright), so no cookie, storage, cache or service worker passes between suites.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await workerChromium();
  const opened = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    opened.add(context);
    context.once('close', () => opened.delete(context));
    return context;
  };
  const view: Partial<Browser> = {
    newContext: async (options) => track(await browser.newContext(options)),
    newPage: async (options) => {
      const page = await browser.newPage(options);
      track(page.context());
      return page;
    },
    contexts: () => [...opened],
    close: async () => {
      await Promise.all([...opened].map((context) => context.close()));
    },
  };
  return new Proxy(browser, {
    get(target, key) {
      if (Object.hasOwn(view, key)) return view[key as keyof Browser];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface WebServer {
  app: TestApp;
  url: string;
  stop(): Promise<void>;
}

/** Huiwu with the built web app on a real loopback port, the WIC 2017 demo loaded (without generated crowds). */
export async function startWebServer(kind: DbKind = 'sqlite'): Promise<WebServer> {
  const app = await startTestApp(kind);
  await loadDemo(app.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
  const url = await app.app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, stop: () => app.dispose() };
}

/**
 * The suite's server (demo loaded) and Chromium, started before its tests and closed after them; `use` receives
 * both once they run: `withServerAndBrowser((s, b) => ([server, browser] = [s, b]))`.
 */
export function withServerAndBrowser(use: (server: WebServer, browser: Browser) => void): void {
  let server: WebServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    use(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page for WCAG 2.1 A/AA and returns the violations (id and the offending nodes). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; nodes: string[] }>> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
