/**
 * npm run bench:sse: how long one notice takes to reach 2,000 readers connected over Server-Sent Events.
 * Huiwu runs in this process on real loopback HTTP (as `npm run bench` does); the readers are plain node:http
 * connections in a worker thread, so that reading 2,000 streams does not share the server's event loop. Each
 * round composes one notice for everyone through the API and times, per reader, from the POST being sent to its
 * `notice` event arriving. Bounded: ROUNDS notices (default 5), each waited for at most 30 s. SQLite, then
 * PostgreSQL when it answers. Env: BENCH_SSE_READERS (default 2000), BENCH_SSE_ROUNDS (default 5).
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { newToken, sha256 } from '../src/platform/auth/principal.js';
import { nowIso } from '../src/platform/db/database.js';
import { benchPgUrl, reachPostgres, startBenchServer, type BenchServer, type DbKind } from './server.js';

const READERS = Number(process.env.BENCH_SSE_READERS ?? 2000);
const ROUNDS = Number(process.env.BENCH_SSE_ROUNDS ?? 5);
const ROUND_TIMEOUT_MS = 30_000;
const SLUG = 'wic2017';

const log = (line: string) => process.stderr.write(`· ${line}\n`);

/** The readers: connects every cookie to the stream and reports each `notice` event's arrival (epoch ms). */
const READER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, cookies } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const now = () => performance.timeOrigin + performance.now();
let open = 0;
const requests = [];
function connect(cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error('stream answered ' + res.statusCode));
      res.setEncoding('utf8');
      let buffer = '';
      let first = true;
      res.on('data', (chunk) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\\n\\n'); i >= 0; i = buffer.indexOf('\\n\\n')) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (first && block.startsWith('event: unread')) { first = false; open++; resolve(); continue; }
          if (!block.includes('event: notice')) continue;
          const data = block.slice(block.indexOf('data: ') + 6);
          parentPort.postMessage({ type: 'notice', noticeId: JSON.parse(data).notice.id, at: now() });
        }
      });
    });
    req.on('error', reject);
    requests.push(req);
  });
}
(async () => {
  for (let i = 0; i < cookies.length; i += 100) await Promise.all(cookies.slice(i, i + 100).map(connect));
  parentPort.postMessage({ type: 'ready', open });
})().catch((err) => parentPort.postMessage({ type: 'error', message: String(err) }));
parentPort.on('message', (m) => { if (m === 'close') { for (const r of requests) r.destroy(); agent.destroy(); parentPort.close(); } });
`;

/** Accounts with a guest role and a login session each, written straight to the database (no password hashing). */
async function readersWithCookies(server: BenchServer, eventId: number, n: number): Promise<string[]> {
  const db = server.huiwu.deps.db;
  const cookies: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const size = Math.min(500, n - i);
    const users = await db
      .insertInto('users')
      .values(Array.from({ length: size }, (_, k) => ({ email: `reader-${i + k}@bench.example.org`, password_hash: null, display_name: `Reader ${i + k}`, locale: 'en', disabled: 0, created_at: nowIso() })))
      .returning('id')
      .execute();
    await db.insertInto('role_grants').values(users.map((u) => ({ user_id: u.id, role: 'guest', event_id: eventId, board_id: null }))).execute();
    const tokens = users.map(() => newToken());
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    await db
      .insertInto('auth_sessions')
      .values(users.map((u, k) => ({ id: sha256(tokens[k]!), user_id: u.id, csrf_token: newToken(18), created_at: nowIso(), expires_at: expires })))
      .execute();
    cookies.push(...tokens.map((t) => `huiwu_session=${t}`));
  }
  return cookies;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');

interface Round {
  received: number;
  p50: number;
  p95: number;
  max: number;
}

async function benchOne(kind: DbKind, pgUrl: string): Promise<Round[]> {
  const server = await startBenchServer(kind, pgUrl);
  const worker = { current: null as Worker | null };
  try {
    const db = server.huiwu.deps.db;
    const event = await db.selectFrom('events').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow();
    const organiser = await db.selectFrom('users').select('id').where('email', '=', 'organiser@wic2017.example.org').executeTakeFirstOrThrow();
    const orgToken = newToken();
    const csrf = newToken(18);
    await db.insertInto('auth_sessions').values({ id: sha256(orgToken), user_id: organiser.id, csrf_token: csrf, created_at: nowIso(), expires_at: new Date(Date.now() + 86_400_000).toISOString() }).execute();
    const cookies = await readersWithCookies(server, event.id, READERS);

    const arrivals = new Map<number, number[]>();
    const started = performance.now();
    const w = new Worker(READER_CODE, { eval: true, workerData: { url: `${server.url}/api/v1/events/${SLUG}/stream`, cookies } });
    worker.current = w;
    await new Promise<void>((resolve, reject) => {
      w.on('message', (m: { type: string; noticeId?: number; at?: number; open?: number; message?: string }) => {
        if (m.type === 'ready') {
          log(`${kind}: ${m.open} readers connected in ${((performance.now() - started) / 1000).toFixed(1)} s`);
          resolve();
        } else if (m.type === 'error') reject(new Error(m.message));
        else if (m.type === 'notice') {
          const list = arrivals.get(m.noticeId!) ?? [];
          list.push(m.at!);
          arrivals.set(m.noticeId!, list);
        }
      });
      w.on('error', reject);
    });

    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const sentAt = performance.timeOrigin + performance.now();
      const res = await fetch(`${server.url}/api/v1/events/${SLUG}/notices`, {
        method: 'POST',
        headers: { cookie: `huiwu_session=${orgToken}`, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ title: { zh: `测试 ${r}`, en: `Bench ${r}` }, body: { zh: '正文', en: 'Body' }, urgency: 'info', audience: { kind: 'everyone' } }),
      });
      if (res.status !== 201) throw new Error(`compose answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: number };
      const deadline = Date.now() + ROUND_TIMEOUT_MS;
      while ((arrivals.get(id)?.length ?? 0) < READERS && Date.now() < deadline) await new Promise((s) => setTimeout(s, 5));
      const latencies = (arrivals.get(id) ?? []).map((at) => at - sentAt).sort((a, b) => a - b);
      rounds.push({ received: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: latencies.at(-1) ?? NaN });
      await new Promise((s) => setTimeout(s, 200));
    }
    return rounds;
  } finally {
    worker.current?.postMessage('close');
    await worker.current?.terminate();
    await server.dispose();
  }
}

async function main() {
  const pgUrl = benchPgUrl();
  const kinds: DbKind[] = ['sqlite'];
  const pgDown = await reachPostgres(pgUrl);
  if (pgDown) log(`PostgreSQL not reachable (${pgDown}): SQLite only`);
  else kinds.push('postgres');
  const lines = [`one notice to ${READERS} SSE readers over loopback (load average ${loadavg()[0]!.toFixed(2)})`, 'database  round  received  p50 ms  p95 ms  max ms'];
  for (const kind of kinds) {
    const rounds = await benchOne(kind, pgUrl);
    rounds.forEach((r, i) => lines.push(`${kind.padEnd(8)}  ${String(i + 1).padStart(5)}  ${String(r.received).padStart(8)}  ${ms(r.p50).padStart(6)}  ${ms(r.p95).padStart(6)}  ${ms(r.max).padStart(6)}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
