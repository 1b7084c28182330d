import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { inCI } from './ci.js';
import { FACES_ABSENT_LINE, HAVE_FACES } from './faces.js';
import { migrateTemplates } from './templates.js';
import { buildWebOnce } from './build-web.js';

export const PG_URL = process.env.HUIWU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.HUIWU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A loaded machine can be slow to answer: try a few times before calling a server missing. */
async function patiently(probe: () => Promise<boolean>, tries = 3): Promise<boolean> {
  for (let i = 0; i < tries; i++) if (await probe()) return true;
  return false;
}

async function reachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function reachRedis(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    redisUrl: string | null;
    /** Debian's Chromium, when installed; the web app has been built for it */
    chromium: string | null;
    /** poppler-utils (pdftoppm, pdffonts, pdftotext), for reading badge PDFs as a printer would */
    poppler: boolean;
    /** a migrated SQLite file to copy, and a migrated PostgreSQL database to clone, per test app (templates.ts) */
    sqliteTemplate: string;
    pgTemplateDb: string | null;
  }
}

const CHROMIUM = process.env.HUIWU_CHROMIUM ?? '/usr/bin/chromium';

/** Probes the servers once. Locally a missing server is one visible line and a skip; in CI it is a failure. */
export default async function setup(project: TestProject) {
  const [pgUp, redisUp] = await Promise.all([patiently(reachPostgres), patiently(reachRedis)]);
  const missing = [!pgUp && `PostgreSQL (${PG_URL})`, !redisUp && `Redis (${REDIS_URL})`].filter(Boolean);
  if (missing.length && inCI) throw new Error(`CI needs ${missing.join(' and ')}, which did not answer`);
  for (const m of missing) console.warn(`⚠ ${m} not reachable: skipping its suites (set HUIWU_TEST_PG_URL / HUIWU_TEST_REDIS_URL)`);
  project.provide('pgUrl', pgUp ? PG_URL : null);
  project.provide('redisUrl', redisUp ? REDIS_URL : null);

  // Browser suites drive the real build; build it once per run so they never test a stale one.
  const chromium = existsSync(CHROMIUM) ? CHROMIUM : null;
  if (!chromium && inCI) throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)`);
  if (!chromium) console.warn(`⚠ Chromium (${CHROMIUM}) not installed: skipping browser suites (apt-get install chromium fonts-noto-cjk)`);
  else await buildWebOnce();
  project.provide('chromium', chromium);

  const templates = await migrateTemplates(pgUp ? PG_URL : null).catch((err: unknown) => {
    // a tree mid-change may not migrate: each app then migrates its own database, and its tests say what broke
    console.warn(`⚠ template databases not made (${err instanceof Error ? err.message : String(err)}): each test app migrates its own`);
    return { sqlite: '', pgDatabase: null, teardown: async () => undefined };
  });
  project.provide('sqliteTemplate', templates.sqlite);
  project.provide('pgTemplateDb', templates.pgDatabase);

  // The face photos stay outside the repository: their absence is one line and a skip, in CI too (ci.ts).
  if (!HAVE_FACES) console.warn(FACES_ABSENT_LINE);

  const poppler = ['pdftoppm', 'pdffonts', 'pdftotext'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
  if (!poppler && inCI) throw new Error('CI needs poppler-utils (apt-get install poppler-utils)');
  if (!poppler) console.warn('⚠ poppler-utils (pdftoppm) not installed: skipping the badge PDF suites (apt-get install poppler-utils)');
  project.provide('poppler', poppler);
  return templates.teardown;
}
