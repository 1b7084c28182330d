/**
 * npm run bench:cluster: the mixed load of tests/cluster (programme reads, gate stations, cart calls, an organiser
 * composing notices, guests on the notices stream) through nginx running deploy/nginx/huiwu.conf, against one
 * instance and against three, in interleaved rounds on the same cluster (a second nginx in front of instance 0 only),
 * so the ratio 3 : 1 is measured in one run on one machine. Then the kill: a badge batch started, the instance
 * rendering it killed with SIGKILL under the three-instance load, and what that cost the clients (errors they saw,
 * how long until every request succeeded again, streams resumed) and the job (how long until another instance took
 * it over and finished it). PostgreSQL + Redis + nginx are required. The built CLI is tests/support's build of src/.
 * Env: BENCH_SECONDS (8 per measurement), BENCH_ROUNDS (3), BENCH_CLUSTER_GUESTS (300), HUIWU_BENCH_PG_URL,
 * HUIWU_TEST_REDIS_URL.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { freePort, startCluster, type Cluster } from '../tests/cluster/cluster.js';
import { MixedLoad, NoticeReader, prepareActors, quantile, SLUG, type Actors, type LoadShape, type Sample } from '../tests/cluster/mixed-load.js';
import { findNginx, startNginx } from '../tests/cluster/nginx.js';
import { benchPgUrl, reachPostgres } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GUESTS = Number(process.env.BENCH_CLUSTER_GUESTS ?? 300);
const REDIS_URL = process.env.HUIWU_BENCH_REDIS_URL ?? process.env.HUIWU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const STATIONS = 12;
const READERS = 30;
const SHAPE: LoadShape = { programmeLoops: 8, rideLoops: 4, noticeEveryMs: 500 };
const KINDS: Sample['kind'][] = ['programme', 'scan', 'ride', 'notice'];

const log = (line: string) => process.stderr.write(`· ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface KindFigures {
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}
type Figures = Record<Sample['kind'], KindFigures> & { total: { perSecond: number; failed: number } };

function figures(samples: Sample[], seconds: number): Figures {
  const out = {} as Figures;
  let ok = 0;
  let failed = 0;
  for (const kind of KINDS) {
    const mine = samples.filter((s) => s.kind === kind);
    const good = mine.filter((s) => s.ok);
    const ms = good.map((s) => s.ms);
    out[kind] = { ok: good.length, failed: mine.length - good.length, perSecond: good.length / seconds, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), p99: quantile(ms, 0.99) };
    ok += good.length;
    failed += mine.length - good.length;
  }
  out.total = { perSecond: ok / seconds, failed };
  return out;
}

/** One measurement: readers on the stream, the load for `seconds`, then everything closed. */
async function measure(base: string, actors: Actors, seconds: number): Promise<Figures> {
  const readers = actors.readers.map((c) => new NoticeReader(base, c));
  for (const r of readers) r.start();
  const deadline = Date.now() + 15_000;
  while (!readers.every((r) => r.ready) && Date.now() < deadline) await sleep(20);
  const load = new MixedLoad(base, actors, SHAPE);
  const started = Date.now();
  load.start();
  await sleep(seconds * 1000);
  await load.stop();
  const elapsed = (Date.now() - started) / 1000;
  await Promise.all(readers.map((r) => r.close()));
  return figures(load.samples, elapsed);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => quantile(xs, 0.5);

interface KillFigures {
  victim: number;
  /** the victim was rendering the batch when killed (else the batch ran elsewhere or was over too soon) */
  caughtMidBatch: boolean;
  /** client-visible failures after the kill, by kind (each retried by its client until it succeeded) */
  errors: Record<string, number>;
  /** from the kill to the last failed request */
  lastErrorMs: number;
  /** retries that found their first attempt stored unanswered: scans answered duplicate: true, cart calls 409 */
  duplicateAnswers: number;
  readersResumed: number;
  readersMissing: number;
  /** from the kill until another instance was running the batch, and until it was done */
  jobTakenOverMs: number | null;
  jobDoneMs: number | null;
  p95AfterKillMs: number;
}

async function killRound(cluster: Cluster, actors: Actors): Promise<KillFigures> {
  const base = cluster.url;
  const readers = actors.readers.map((c) => new NoticeReader(base, c));
  for (const r of readers) r.start();
  while (!readers.every((r) => r.ready)) await sleep(20);
  const load = new MixedLoad(base, actors, SHAPE);
  load.start();
  await sleep(2000);
  const org = { cookie: actors.organiser.cookie, 'x-csrf-token': actors.organiser.csrf };
  const res = await fetch(`${base}/api/v1/events/${SLUG}/badge-batches`, { method: 'POST', headers: { ...org, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'all' }) });
  const batch = (await res.json()) as { id: string };
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('jobs', { connection: redis, prefix: cluster.redisPrefix });
  const jobId = `badges.batch|${batch.id}`;
  let holder: string | undefined;
  for (let i = 0; i < 1000 && !holder; i++) {
    const job = await queue.getJob(jobId);
    if (job?.processedBy && ((job.progress as { pct?: number }).pct ?? 0) >= 1) holder = job.processedBy;
    else await sleep(20);
  }
  // the batch's instance if it was caught mid-way, else the last one
  const victim = cluster.instances.find((i) => i.workerName === holder) ?? cluster.instances.at(-1)!;
  const killedAt = Date.now();
  await cluster.kill(victim);
  let jobTakenOverMs: number | null = null;
  let jobDoneMs: number | null = null;
  while (Date.now() - killedAt < 60_000 && jobDoneMs === null) {
    const job = await queue.getJob(jobId);
    const state = await job?.getState();
    if (jobTakenOverMs === null && job?.processedBy && job.processedBy !== victim.workerName) jobTakenOverMs = Date.now() - killedAt;
    if (state === 'completed') jobDoneMs = Date.now() - killedAt;
    else await sleep(50);
  }
  await sleep(Math.max(0, SECONDS * 1000 - (Date.now() - killedAt)));
  await load.stop();
  await queue.close();
  redis.disconnect();
  const notices = new Set(load.notices);
  const deadline = Date.now() + 15_000;
  while (readers.some((r) => [...notices].some((id) => !r.notices.includes(id))) && Date.now() < deadline) await sleep(50);
  await Promise.all(readers.map((r) => r.close()));
  const after = load.samples.filter((s) => s.at >= killedAt);
  // a retried cart call answered 409 ride_already_open found its first attempt stored: counted apart, as answered
  const failed = after.filter((s) => !s.ok && !(s.kind === 'ride' && s.status === 409));
  const foundStored = after.filter((s) => s.kind === 'ride' && s.status === 409).length;
  const errors: Record<string, number> = {};
  // status 0: no answer (reset, or no answer within the client's 15 s)
  for (const s of failed) errors[`${s.kind} ${s.status || 'no answer'}`] = (errors[`${s.kind} ${s.status || 'no answer'}`] ?? 0) + 1;
  return {
    victim: victim.index,
    caughtMidBatch: victim.workerName === holder,
    errors,
    lastErrorMs: failed.length ? Math.max(...failed.map((s) => s.at)) - killedAt : 0,
    duplicateAnswers: load.scans.filter((s) => s.duplicate).length + foundStored,
    readersResumed: readers.filter((r) => r.resumed > 0).length,
    readersMissing: readers.filter((r) => [...notices].some((id) => !r.notices.includes(id))).length,
    jobTakenOverMs,
    jobDoneMs,
    p95AfterKillMs: quantile(
      after.filter((s) => s.ok && s.at < killedAt + 3000).map((s) => s.ms),
      0.95,
    ),
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');

async function main() {
  const nginx = findNginx();
  const pgUrl = benchPgUrl();
  const pgDown = await reachPostgres(pgUrl);
  if (!nginx || pgDown) {
    log(`the cluster bench needs nginx and PostgreSQL (${!nginx ? 'no nginx' : pgDown}): nothing measured`);
    process.exitCode = 1;
    return;
  }
  log(`starting 3 instances on PostgreSQL + Redis, demo with ${GUESTS} guests …`);
  const cluster = await startCluster({ instances: 3, pgUrl, redisUrl: REDIS_URL, nginx, guests: GUESTS, jobLockSeconds: 5, env: { HUIWU_RIDE_RATE: '1000000', HUIWU_RIDE_RATE_PREFERRED: '1000000', HUIWU_RIDE_RATE_PHONE: '1000', HUIWU_LOGIN_RATE: '1000' } });
  const oneDir = mkdtempSync(join(tmpdir(), 'huiwu-nginx-one-'));
  const one = await startNginx(nginx, oneDir, [`127.0.0.1:${cluster.instances[0]!.port}`], await freePort());
  try {
    const actors = await prepareActors(cluster, STATIONS, READERS);
    log(`warm-up …`);
    await measure(cluster.url, actors, 2);
    const rounds: { one: Figures; three: Figures }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      log(`round ${r + 1}/${ROUNDS}: 1 instance …`);
      const a = await measure(one.url, actors, SECONDS);
      log(`round ${r + 1}/${ROUNDS}: 3 instances …`);
      const b = await measure(cluster.url, actors, SECONDS);
      rounds.push({ one: a, three: b });
    }
    log('kill -9 under load …');
    const kill = await killRound(cluster, actors);

    const lines = [
      `mixed load through nginx (deploy/nginx/huiwu.conf): ${STATIONS} gate stations, ${SHAPE.programmeLoops} programme readers, ${SHAPE.rideLoops} cart callers, 1 organiser, ${READERS} SSE readers; ${ROUNDS} × ${SECONDS} s each; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}`,
      'kind       1 inst req/s  3 inst req/s  ratio  1 inst p50/p95 ms   3 inst p50/p95 ms  failed (1/3)',
    ];
    for (const kind of [...KINDS, 'total'] as const) {
      const oneRate = median(rounds.map((r) => r.one[kind].perSecond));
      const threeRate = median(rounds.map((r) => r.three[kind].perSecond));
      const failed = `${rounds.reduce((n, r) => n + (kind === 'total' ? r.one.total.failed : r.one[kind].failed), 0)}/${rounds.reduce((n, r) => n + (kind === 'total' ? r.three.total.failed : r.three[kind].failed), 0)}`;
      const lat = (side: 'one' | 'three') => (kind === 'total' ? '' : `${f1(mean(rounds.map((r) => r[side][kind].p50)))}/${f1(mean(rounds.map((r) => r[side][kind].p95)))}`);
      lines.push(`${kind.padEnd(9)}  ${f1(oneRate).padStart(12)}  ${f1(threeRate).padStart(12)}  ${(threeRate / oneRate).toFixed(2).padStart(5)}  ${lat('one').padStart(17)}  ${lat('three').padStart(18)}  ${failed.padStart(12)}`);
    }
    lines.push(
      '',
      `kill -9 of instance ${kill.victim} (${kill.caughtMidBatch ? 'the one rendering the badge batch' : 'the badge batch was not caught mid-way'}) under the 3-instance load:`,
      `  client-visible failures: ${Object.entries(kill.errors).map(([k, n]) => `${k} × ${n}`).join(', ') || 'none'}; last one ${kill.lastErrorMs} ms after the kill; every failed write retried until answered`,
      `  retries that found their first attempt stored, answer lost (scan duplicate: true, cart call 409): ${kill.duplicateAnswers}; p95 latency in the 3 s after the kill: ${f1(kill.p95AfterKillMs)} ms`,
      `  SSE readers resumed with Last-Event-ID: ${kill.readersResumed}/${READERS}; readers missing a notice: ${kill.readersMissing}`,
      `  badge batch: taken over after ${kill.jobTakenOverMs ?? '—'} ms, done after ${kill.jobDoneMs ?? '—'} ms (HUIWU_JOB_LOCK_SECONDS=5)`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    const out = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'cluster.json'), JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, rounds, kill }, null, 2));
  } finally {
    await one.stop();
    rmSync(oneDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

await main();
