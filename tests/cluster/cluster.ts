import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { runHuiwu, spawnHuiwu } from '../support/cli.js';
import { startNginx, type RunningNginx } from './nginx.js';
import { exited } from './processes.js';

/**
 * N instances of the built CLI (`huiwu start`) on one fresh PostgreSQL schema and one Redis, sharing a files
 * folder, a secret and a Redis prefix, behind nginx running deploy/nginx/huiwu.conf: the cluster of the README's
 * "Running as a cluster", on loopback. Used by tests/cluster/cluster-nginx.test.ts and bench/cluster.ts.
 */
export interface ClusterOptions {
  instances: number;
  pgUrl: string;
  redisUrl: string;
  nginx: string;
  /** demo guests loaded once before the instances start */
  guests: number;
  /** the BullMQ lock: a killed instance's job is taken over within about twice this */
  jobLockSeconds?: number;
  /** more settings for every instance */
  env?: Record<string, string>;
}

export interface Instance {
  index: number;
  port: number;
  url: string;
  process: ChildProcess;
  /** BullMQ's processedBy of the jobs this instance runs (src/platform/jobs/bull-jobs.ts names its worker so) */
  workerName: string;
  killed: boolean;
  log(): string;
}

export interface Cluster {
  /** nginx */
  url: string;
  instances: Instance[];
  schema: string;
  redisPrefix: string;
  dir: string;
  /** SQL on the cluster's schema */
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** kill -9: no shutdown hook runs, its connections and locks are simply dropped */
  kill(instance: Instance): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const withSchema = (url: string, schema: string) => `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;

/** The CLI's `start` says "Huiwu is running at" once it listens: waits for that line, or the process's end. */
function waitListening(url: string, child: ChildProcess, logOf: () => string, timeoutMs = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      if (seen.includes('Huiwu is running at')) done();
    };
    const onExit = (code: number | null) => done(new Error(`instance ${url} exited with ${code}:\n${logOf()}`));
    const timer = setTimeout(() => done(new Error(`instance ${url} not listening within ${timeoutMs} ms:\n${logOf()}`)), timeoutMs);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'huiwu-cluster-'));
  const files = join(dir, 'files');
  mkdirSync(files);
  const schema = `cluster_${randomBytes(5).toString('hex')}`;
  const redisPrefix = `huiwu-test:${schema}`;
  const pool = new pg.Pool({ connectionString: opts.pgUrl, max: 4 });
  await pool.query(`create schema ${schema}`);
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
    const client = await pool.connect();
    try {
      await client.query(`set search_path to ${schema}`);
      return (await client.query<R>(sql, params)).rows;
    } finally {
      client.release();
    }
  };
  // what every instance of one installation must share (README, "Running as a cluster")
  const shared: Record<string, string> = {
    HUIWU_DATABASE_URL: withSchema(opts.pgUrl, schema),
    HUIWU_REDIS_URL: opts.redisUrl,
    HUIWU_REDIS_PREFIX: redisPrefix,
    HUIWU_SECRET: randomBytes(32).toString('hex'),
    HUIWU_FILES_DIR: files,
    HUIWU_TRUST_PROXY: 'true',
    HUIWU_LOG_LEVEL: 'warn',
    HUIWU_FACE_CHECK: 'off',
    HUIWU_JOB_LOCK_SECONDS: String(opts.jobLockSeconds ?? 30),
    ...opts.env,
  };
  const instances: Instance[] = [];
  let nginx: RunningNginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(
      instances.map(async (i) => {
        if (i.process.exitCode !== null || i.process.signalCode !== null) return;
        i.process.kill('SIGTERM');
        if (!(await exited(i.process, 5000))) i.process.kill('SIGKILL');
      }),
    );
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    // the installation's queues, channels and counters in Redis go with it
    const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}:*`, 'COUNT', 500);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    } catch {
      // a Redis gone by now leaves nothing to clean that matters
    } finally {
      redis.disconnect();
    }
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // the demo loads while the instances start (both migrate first; Kysely's migrator holds an advisory lock):
    // nothing asks an instance for the event before the demo is in
    const demo = runHuiwu(['demo', '--guests', String(opts.guests), '--volunteers', '0', '--exhibitors', '0'], 120_000, shared);
    for (let index = 0; index < opts.instances; index++) {
      const port = await freePort();
      const logFile = join(dir, `instance-${index}.log`);
      const out = createWriteStream(logFile, { flags: 'a' });
      const child = spawnHuiwu(['start', '--no-demo'], { ...shared, PORT: String(port), HOST: '127.0.0.1' });
      child.stdout!.pipe(out, { end: false });
      child.stderr!.pipe(out, { end: false });
      instances.push({
        index,
        port,
        url: `http://127.0.0.1:${port}`,
        process: child,
        workerName: `${hostname()}:${child.pid}`,
        killed: false,
        log: () => readFileSync(logFile, 'utf8'),
      });
    }
    const [loaded] = await Promise.all([demo, ...instances.map((i) => waitListening(i.url, i.process, i.log))]);
    if (loaded.code !== 0) throw new Error(`huiwu demo failed (${loaded.code}): ${loaded.stderr}`);
    nginx = await startNginx(
      opts.nginx,
      dir,
      instances.map((i) => `127.0.0.1:${i.port}`),
      await freePort(),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: nginx.url,
    instances,
    schema,
    redisPrefix,
    dir,
    query,
    async kill(instance) {
      const gone = new Promise((r) => instance.process.once('exit', r));
      instance.killed = true;
      process.kill(instance.process.pid!, 'SIGKILL');
      await gone;
    },
    stop,
  };
}
