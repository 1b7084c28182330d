import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../src/demo/load-demo.js';
import { DEMO_STOPS } from '../../src/demo/wic2017-carts.js';
import { newToken, sha256 } from '../../src/platform/auth/principal.js';
import type { Cluster } from './cluster.js';

/**
 * The mixed load of a conference morning, driven through nginx from this process: anonymous programme reads, gate
 * stations each scanning its own guests one scan at a time (a fresh nonce per scan, the same nonce again when an
 * answer did not come, as a station's queue does), cart calls from phones (the same call again when unanswered),
 * an organiser composing notices one after another, and guests holding the notices stream open, reconnecting with
 * Last-Event-ID whenever it ends. Every write's fate is recorded so that the caller can check it in the database.
 */

export const SLUG = 'wic2017';
const EV = `/api/v1/events/${SLUG}`;
const GATES = ['MAIN-1', 'MAIN-2', 'MAIN-3', 'MAIN-4', 'MAIN-5', 'MAIN-6'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Station {
  token: string;
  gate: string;
  badges: string[];
}

export interface Actors {
  organiser: Session;
  stations: Station[];
  /** session cookies of guest accounts, one per SSE reader */
  readers: string[];
}

export async function login(base: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('huiwu_session='))!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
}

/**
 * The organiser (logged in through nginx), `stations` gate devices (accounts made through the API, each a bearer
 * token) sharing out the current badges, and `readers` guest accounts with a session each (written to the
 * database, as bench/sse.ts does: no password hashing for a hundred readers).
 */
export async function prepareActors(cluster: Cluster, stations: number, readers: number): Promise<Actors> {
  const organiser = await login(cluster.url, 'organiser@wic2017.example.org', DEMO_PASSWORD);
  const badges = (await cluster.query<{ payload: string }>('select payload from credentials where revoked_at is null order by id')).map((r) => r.payload);
  if (badges.length < stations) throw new Error(`only ${badges.length} badges`);
  const list: Station[] = [];
  for (let k = 0; k < stations; k++) {
    const res = await post(cluster.url, `${EV}/accounts`, { email: `gate-station-${k}@wic2017.example.org`, displayName: `Gate station ${k}`, role: 'device' }, { cookie: organiser.cookie, 'x-csrf-token': organiser.csrf });
    if (res.status !== 201) throw new Error(`device account: ${res.status} ${await res.text()}`);
    list.push({ token: ((await res.json()) as { token: string }).token, gate: GATES[k % GATES.length]!, badges: badges.filter((_, i) => i % stations === k) });
  }
  const [event] = await cluster.query<{ id: number }>('select id from events where slug = $1', [SLUG]);
  const cookies: string[] = [];
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 86_400_000).toISOString();
  for (let i = 0; i < readers; i++) {
    const [user] = await cluster.query<{ id: number }>(
      'insert into users (email, password_hash, display_name, locale, disabled, created_at) values ($1, null, $2, $3, 0, $4) returning id',
      [`reader-${i}@cluster.example.org`, `Reader ${i}`, 'en', now],
    );
    await cluster.query('insert into role_grants (user_id, role, event_id, board_id) values ($1, $2, $3, null)', [user!.id, 'guest', event!.id]);
    const token = newToken();
    await cluster.query('insert into auth_sessions (id, user_id, csrf_token, created_at, expires_at) values ($1, $2, $3, $4, $5)', [sha256(token), user!.id, newToken(18), now, expires]);
    cookies.push(`huiwu_session=${token}`);
  }
  return { organiser, stations: list, readers: cookies };
}

/** A guest's page holding `GET …/stream` open as EventSource does: on any end it connects again with Last-Event-ID. */
export class NoticeReader {
  /** notice ids in the order received (a repeat would show twice) */
  readonly notices: number[] = [];
  lastEventId: string | null = null;
  connects = 0;
  /** connections opened with Last-Event-ID */
  resumed = 0;
  /** streams that ended while the reader still wanted them (the instance behind it died) */
  ended = 0;
  ready = false;
  private closed = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly base: string,
    private readonly cookie: string,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      const headers: Record<string, string> = { cookie: this.cookie, accept: 'text/event-stream' };
      if (this.lastEventId !== null) headers['last-event-id'] = this.lastEventId;
      try {
        const res = await fetch(`${this.base}${EV}/stream`, { headers, signal: this.abort.signal });
        if (res.status === 200 && res.body) {
          this.connects++;
          if (this.lastEventId !== null) this.resumed++;
          await this.read(res.body);
        } else await res.body?.cancel();
      } catch {
        // refused, reset or aborted: as EventSource, try again
      }
      if (this.closed) return;
      this.ended++;
      await sleep(100);
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        let id: string | undefined;
        let event: string | undefined;
        let data: string | undefined;
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) id = line.slice(4);
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data = line.slice(6);
        }
        if (id !== undefined) this.lastEventId = id;
        if (event === 'unread') this.ready = true;
        if (event === 'notice' && data) this.notices.push((JSON.parse(data) as { notice: { id: number } }).notice.id);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.loop;
  }
}

export interface ScanRecord {
  body: { credential: string; gate: string; direction: 'entry' | 'exit'; nonce: string; scannedAt: string };
  attempts: number;
  acked: boolean;
  /** the acknowledging answer said the nonce had been applied before (an earlier attempt was stored unanswered) */
  duplicate: boolean;
}

export interface RideRecord {
  phone: string;
  attempts: number;
  /** 201 */
  token: string | null;
  /** a retry answered 409 ride_already_open: an earlier, unanswered attempt was stored */
  alreadyOpen: boolean;
}

export interface Sample {
  kind: 'programme' | 'scan' | 'ride' | 'notice';
  at: number;
  ms: number;
  ok: boolean;
  status: number;
}

export interface LoadShape {
  programmeLoops: number;
  rideLoops: number;
  /** the organiser's wait between notices */
  noticeEveryMs: number;
}

/** The load's loops; `stop()` ends them, letting each station and caller finish (retry) what it has sent. */
export class MixedLoad {
  readonly samples: Sample[] = [];
  readonly scans: ScanRecord[] = [];
  readonly rides: RideRecord[] = [];
  /** ids of the notices whose compose was answered 201 */
  readonly notices: number[] = [];
  noticeFailures = 0;
  private running = true;
  private broken: unknown = null;
  private loops: Promise<void>[] = [];
  private readonly t0 = Date.parse('2017-12-03T10:00:00+08:00');
  private static runs = 0;
  /** this load's number in the process: nonces and phones of two loads on one cluster never meet */
  private readonly run = MixedLoad.runs++;
  private readonly tag = `${process.pid}-${this.run}-${Date.now()}`;

  constructor(
    private readonly base: string,
    private readonly actors: Actors,
    private readonly shape: LoadShape,
  ) {}

  private async timed(kind: Sample['kind'], send: () => Promise<Response>): Promise<{ status: number; json: unknown }> {
    const started = performance.now();
    let status = 0;
    let json: unknown = null;
    try {
      const res = await send();
      status = res.status;
      const text = await res.text();
      json = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
    } catch {
      status = 0; // connection reset, timeout
    }
    this.samples.push({ kind, at: Date.now(), ms: performance.now() - started, ok: status >= 200 && status < 300, status });
    return { status, json };
  }

  start(): void {
    const { stations, organiser } = this.actors;
    // a loop that meets an answer no client should get (a 4xx) stops the load; stop() reports it
    const add = (loop: Promise<void>) =>
      this.loops.push(
        loop.catch((err: unknown) => {
          this.broken ??= err;
          this.running = false;
        }),
      );
    stations.forEach((s, k) => add(this.station(s, k)));
    for (let i = 0; i < this.shape.programmeLoops; i++) add(this.programme());
    for (let i = 0; i < this.shape.rideLoops; i++) add(this.caller(i));
    add(this.organiser(organiser));
  }

  /** what stopped the load early (a 4xx no client should get), if anything */
  get failure(): unknown {
    return this.broken;
  }

  /** ends the loops; a station or caller still waiting for an answer retries until it has one (bounded) */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    if (this.broken) throw this.broken;
  }

  private async station(s: Station, k: number): Promise<void> {
    let i = 0;
    while (this.running) {
      const n = s.badges.length;
      const record: ScanRecord = {
        body: {
          credential: s.badges[i % n]!,
          gate: s.gate,
          direction: Math.floor(i / n) % 2 === 0 ? 'entry' : 'exit',
          nonce: `cluster-${this.tag}-${k}-${i}-${randomUUID().slice(0, 8)}`,
          // the station's own clock, stepped: each scan 2 s of event time after the previous one
          scannedAt: new Date(this.t0 + k * 1000 + i * 2000).toISOString(),
        },
        attempts: 0,
        acked: false,
        duplicate: false,
      };
      i++;
      this.scans.push(record);
      const deadline = Date.now() + 30_000;
      while (!record.acked && Date.now() < deadline) {
        record.attempts++;
        const { status, json } = await this.timed('scan', () => post(this.base, `${EV}/scans`, record.body, { authorization: `Bearer ${s.token}` }));
        if (status === 200) {
          record.acked = true;
          record.duplicate = (json as { duplicate?: boolean }).duplicate === true;
        } else if (status >= 400 && status < 500) throw new Error(`scan refused with ${status}: ${JSON.stringify(json)}`);
        else await sleep(50);
      }
    }
  }

  private async programme(): Promise<void> {
    while (this.running) await this.timed('programme', () => fetch(`${this.base}${EV}/programme?lang=en`, { signal: AbortSignal.timeout(15_000) }));
  }

  private async caller(loop: number): Promise<void> {
    let i = 0;
    while (this.running) {
      const from = DEMO_STOPS[(loop + i) % DEMO_STOPS.length]!.code;
      const to = DEMO_STOPS[(loop + i + 3) % DEMO_STOPS.length]!.code;
      const phone = `+86 1${String(this.run % 100).padStart(2, '0')} ${String(process.pid % 10000).padStart(4, '0')} ${String(loop * 100000 + i).padStart(7, '0')}`;
      i++;
      const record: RideRecord = { phone, attempts: 0, token: null, alreadyOpen: false };
      this.rides.push(record);
      const deadline = Date.now() + 30_000;
      while (record.token === null && !record.alreadyOpen && Date.now() < deadline) {
        record.attempts++;
        const { status, json } = await this.timed('ride', () => post(this.base, `${EV}/rides`, { from, to, party: 1, phone, lang: 'en' }, {}));
        if (status === 201) record.token = (json as { token: string }).token;
        else if (status === 409 && record.attempts > 1) record.alreadyOpen = true;
        else if (status >= 400 && status < 500) throw new Error(`cart call refused with ${status}: ${JSON.stringify(json)}`);
        else await sleep(50);
      }
    }
  }

  private async organiser(s: Session): Promise<void> {
    let i = 0;
    while (this.running) {
      const { status, json } = await this.timed('notice', () =>
        post(
          this.base,
          `${EV}/notices`,
          { title: { zh: `通知 ${i}`, en: `Notice ${i}` }, body: { zh: '正文', en: 'Body' }, urgency: 'info', audience: { kind: 'everyone' } },
          { cookie: s.cookie, 'x-csrf-token': s.csrf },
        ),
      );
      i++;
      if (status === 201) this.notices.push((json as { id: number }).id);
      else this.noticeFailures++;
      await sleep(this.shape.noticeEveryMs);
    }
  }
}

export const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};
