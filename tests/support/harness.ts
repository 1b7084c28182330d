import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { createHuiwu, type Huiwu, type HuiwuOptions } from '../../src/main.js';
import { createAdmin } from '../../src/platform/auth/accounts.js';
import { loadConfig, type DatabaseTarget } from '../../src/platform/config.js';
import { withDatabase } from './templates.js';

export type DbKind = 'sqlite' | 'postgres';

/** The databases this run tests against: SQLite always, PostgreSQL when it answered (always in CI). */
export function databases(): DbKind[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestApp extends Huiwu {
  kind: DbKind;
  dispose(): Promise<void>;
}

async function onServer(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** Public writes unthrottled unless a suite sets a limit (tests/e2e/throttles.test.ts): suites call carts from one address. */
const UNTHROTTLED = { HUIWU_RIDE_RATE: '100000', HUIWU_RIDE_RATE_PREFERRED: '100000', HUIWU_RIDE_RATE_PHONE: '100000', HUIWU_PHOTO_RATE: '100000' };

/**
 * A whole Huiwu on a fresh SQLite file or a fresh PostgreSQL database, with real HTTP via inject(). Both start as
 * copies of the templates the global setup migrated once (templates.ts): the app's own start then finds every
 * migration applied. Without a template (the setup could not make one) a fresh schema is migrated as before.
 */
export async function startTestApp(kind: DbKind, env: Record<string, string> = {}, options: HuiwuOptions = {}): Promise<TestApp> {
  let database: DatabaseTarget;
  let cleanup: () => Promise<void>;
  const pgTemplate = kind === 'postgres' ? inject('pgTemplateDb') : null;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'huiwu-test-'));
    database = { kind: 'sqlite', file: join(dir, 'huiwu.sqlite') };
    const template = inject('sqliteTemplate');
    if (template) copyFileSync(template, database.file);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else if (pgTemplate) {
    const url = inject('pgUrl');
    if (!url) throw new Error('PostgreSQL is not available');
    const name = pgTemplate.replace(/template$/, randomBytes(6).toString('hex'));
    await onServer(url, `create database "${name}" template "${pgTemplate}"`);
    database = { kind: 'postgres', url: withDatabase(url, name), schema: 'public' };
    cleanup = () => onServer(url, `drop database if exists "${name}" with (force)`);
  } else {
    const url = inject('pgUrl');
    if (!url) throw new Error('PostgreSQL is not available');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    database = { kind: 'postgres', url, schema };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  }
  // Uploaded files go to a scratch folder of this app, never into the checkout's ./data.
  const filesDir = mkdtempSync(join(tmpdir(), 'huiwu-files-'));
  const config = { ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_LOGIN_RATE: '1000', ...UNTHROTTLED, HUIWU_FILES_DIR: filesDir, ...env }), database };
  const huiwu = await createHuiwu(config, options);
  return {
    ...huiwu,
    kind,
    async dispose() {
      await huiwu.close();
      await cleanup();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: number;
}

export async function login(app: TestApp, email: string, password: string): Promise<Session> {
  const res = await app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'huiwu_session');
  const body = res.json<{ csrfToken: string; userId: number }>();
  return { cookie: `huiwu_session=${cookie?.value}`, csrf: body.csrfToken, userId: body.userId };
}

export async function adminSession(app: TestApp, email = 'admin@example.org', password = 'correct horse battery'): Promise<Session> {
  await createAdmin(app.deps, email, password);
  return login(app, email, password);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** An HTTP call as a logged-in browser would make it: session cookie plus CSRF header. */
export function call(app: TestApp, session: Session | null, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.app.inject({
    method,
    url,
    headers: { ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}
