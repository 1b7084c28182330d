import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadDemo } from '../src/demo/load-demo.js';
import { createHuiwu, type Huiwu } from '../src/main.js';
import { loadConfig, type DatabaseTarget } from '../src/platform/config.js';

export type DbKind = 'sqlite' | 'postgres';

/** The baseline: same server, same hooks (locale, auth lookup, metrics), no database work and a tiny body. */
export const BARE_PATH = '/api/v1/bench/bare';
const BARE_BODY = { ok: true, service: 'huiwu', bench: 'bare' };

export const STATIC_PATH = '/api/v1/bench/static/';

export interface BenchServer {
  kind: DbKind;
  url: string;
  huiwu: Huiwu;
  /** bodies served as they are under STATIC_PATH + key: a baseline with the programme's size but none of its work */
  staticBodies: Map<string, string>;
  dispose(): Promise<void>;
}

/**
 * The PostgreSQL URL to bench against, the tests' by default. A URL without a user makes pg fall back to $USER;
 * where that is unset (some shells, containers) name the OS user rather than fail with "no user name".
 */
export function benchPgUrl(): string {
  const u = new URL(process.env.HUIWU_BENCH_PG_URL ?? process.env.HUIWU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  if (!u.username && !process.env.PGUSER && !process.env.USER) u.username = userInfo().username;
  return u.toString();
}

export async function reachPostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgExec(url: string, statement: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/**
 * A whole Huiwu in this process, on a fresh SQLite file or a fresh PostgreSQL schema (as the test harness
 * does), serving real HTTP on a free loopback port, with the WIC 2017 demo programme loaded.
 */
export async function startBenchServer(kind: DbKind, pgUrl: string): Promise<BenchServer> {
  let database: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'huiwu-bench-'));
    database = { kind: 'sqlite', file: join(dir, 'huiwu.sqlite') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    await pgExec(pgUrl, `create schema ${schema}`);
    database = { kind: 'postgres', url: pgUrl, schema };
    cleanup = () => pgExec(pgUrl, `drop schema ${schema} cascade`);
  }
  // Login is rate-limited per minute; the bench logs in dozens of guests from one address.
  const config = { ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_LOGIN_RATE: '100000', PORT: '0', HOST: '127.0.0.1' }), database };
  const staticBodies = new Map<string, string>();
  const huiwu = await createHuiwu(config, {
    extraRoutes: (app) => {
      app.get(BARE_PATH, { config: { permission: 'public' }, schema: { hide: true } }, async () => BARE_BODY);
      // the parameter is not called `slug`, so no event lookup happens: only the bytes are the programme's
      app.get(`${STATIC_PATH}:key`, { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
        const body = staticBodies.get((req.params as { key: string }).key);
        return body === undefined
          ? reply.code(404).send({ error: 'no such body' })
          : reply.type('application/json; charset=utf-8').send(body);
      });
    },
  });
  try {
    const demo = await loadDemo(huiwu.deps, { guests: 0, volunteers: 0, exhibitors: 0, seed: 1 });
    if (!demo.ok) throw new Error(`demo did not load: ${demo.code}`);
    const url = await huiwu.app.listen({ port: 0, host: '127.0.0.1' });
    return {
      kind,
      url,
      huiwu,
      staticBodies,
      async dispose() {
        await huiwu.close();
        await cleanup();
      },
    };
  } catch (err) {
    await huiwu.close();
    await cleanup();
    throw err;
  }
}
