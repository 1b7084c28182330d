/**
 * Gates under load (npm run bench): scans verified and recorded per second through the real use case
 * (recordScans: signature, zone rules, anti-passback, the scans row, presence, the gate.scanned event and its
 * audit row) and over HTTP (POST /scans, one live scan per request), against raw Kysely inserts into the same
 * scans table in the same run; then an offline sync of 10,000 queued scans from 4 stations over HTTP.
 */
import { randomUUID, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { DEMO_PASSWORD, DEMO_SLUG, loadDemo } from '../src/demo/load-demo.js';
import { decide, indexBundle, type GateState } from '../src/engines/gate/decide.js';
import { buildGateBundle, recordScans } from '../src/modules/access/index.js';
import type { ScanInput, ScanResult } from '../src/modules/access/access.schema.js';
import { eventKey } from '../src/modules/accreditation/index.js';
import type { Actor } from '../src/platform/deps.js';
import { nowIso } from '../src/platform/db/database.js';
import { openingRush, type RushResult } from './gate-rush.js';
import { loginOverHttp, type HttpSession } from './guests.js';
import { interleaved, measureHttp, measureLoop, warmUp, type Figures, type HttpLoad } from './load.js';
import type { Row } from './report.js';
import { startBenchServer, type BenchServer, type DbKind } from './server.js';

export const SCAN_CLIENT = fileURLToPath(new URL('./scan-client.cjs', import.meta.url));
const GATE_EMAIL = 'gate@wic2017.example.org';
/** guests to generate so that about 1,500 hold a current badge (about 85 % are approved, a few lose theirs) */
export const DEMO_GUESTS_FOR_BADGES = 1800;
export const BADGE_HOLDERS = 1500;
/** gate stations scanning at once in the rate measurements */
const STATIONS = 10;

export interface Badge {
  guestId: number;
  credentialId: number;
  payload: string;
  category: string;
}

export interface GateBench {
  eventId: number;
  badges: Badge[];
  gateStaff: HttpSession;
  actor: Actor;
}

/** The demo guest list at scale, the current badges of the first 1,500 holders, and the gate staff's login. */
export async function prepareGates(server: BenchServer): Promise<GateBench> {
  const { deps } = server.huiwu;
  const loaded = await loadDemo(deps, { guests: DEMO_GUESTS_FOR_BADGES, volunteers: 0, exhibitors: 0, seed: 2017 });
  if (!loaded.ok) throw new Error(`demo refused: ${loaded.code}`);
  const eventId = loaded.value.eventId;
  const rows = await deps.db
    .selectFrom('credentials')
    .innerJoin('guests', 'guests.id', 'credentials.guest_id')
    .innerJoin('categories', 'categories.id', 'guests.category_id')
    .select(['credentials.id', 'credentials.guest_id', 'credentials.payload', 'categories.code'])
    .where('credentials.event_id', '=', eventId)
    .where('credentials.revoked_at', 'is', null)
    .where('guests.external_ref', '!=', 'DEMO-GUEST')
    .orderBy('guests.id')
    .limit(BADGE_HOLDERS)
    .execute();
  if (rows.length < BADGE_HOLDERS) throw new Error(`only ${rows.length} current badges`);
  const gateStaff = await loginOverHttp(server.url, GATE_EMAIL, DEMO_PASSWORD);
  const actor: Actor = { userId: gateStaff.userId, grants: [{ role: 'gate_staff', eventId, boardId: null }], requestId: null };
  return {
    eventId,
    badges: rows.map((r) => ({ guestId: r.guest_id, credentialId: r.id, payload: r.payload, category: r.code })),
    gateStaff,
    actor,
  };
}

/** 10:00 on the opening day, Asia/Shanghai, after the rush: the main hall admits every guest category until 12:30. */
const LATE_MORNING = Date.parse('2017-12-03T10:00:00+08:00');
const MAIN_GATES = ['MAIN-1', 'MAIN-2', 'MAIN-3', 'MAIN-4', 'MAIN-5', 'MAIN-6'];

/**
 * Stations for `count` connections or loops: station k scans at MAIN-(k mod 6) the badges k, k+count, … so no
 * two stations share a guest, and each guest's scans alternate entry and exit in time order.
 */
function stations(badges: Badge[], count: number) {
  return Array.from({ length: count }, (_, k) => ({
    gate: MAIN_GATES[k % MAIN_GATES.length]!,
    badges: badges.filter((_, i) => i % count === k).map((b) => b.payload),
  }));
}

/** Everyone out of every zone, as between measurements (each starts with entries that are admitted). */
export async function emptyZones(server: BenchServer, eventId: number): Promise<void> {
  await server.huiwu.deps.db.deleteFrom('presence').where('event_id', '=', eventId).execute();
}

/** Each measurement run gets its own stretch of the morning, so scan times only move forward. */
let clock = LATE_MORNING;
const nextStretch = () => {
  const base = clock;
  clock += 5 * 60_000;
  return base;
};

async function scanCounts(server: BenchServer, eventId: number) {
  const rows = await server.huiwu.deps.db
    .selectFrom('scans')
    .select(['verdict', sql<number>`count(*)`.as('n')])
    .where('event_id', '=', eventId)
    .groupBy('verdict')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.verdict, Number(r.n)]));
}

/** The baseline: one scans row per operation, straight through Kysely, no verification, no presence, no event. */
export function rawScanInserts(server: BenchServer, g: GateBench, concurrency: number) {
  const db = server.huiwu.deps.db;
  return async (seconds: number): Promise<Figures> => {
    const gates = new Map(
      (await db.selectFrom('gates').select(['id', 'code', 'zone_id']).where('event_id', '=', g.eventId).execute()).map((r) => [r.code, r]),
    );
    const plan = stations(g.badges, concurrency);
    const base = nextStretch();
    await emptyZones(server, g.eventId);
    return measureLoop('scans insert (Kysely)', seconds, concurrency, async (w, i) => {
      const gate = gates.get(plan[w]!.gate)!;
      const b = g.badges[(i * concurrency + w) % g.badges.length]!;
      await db
        .insertInto('scans')
        .values({
          event_id: g.eventId,
          nonce: randomUUID(),
          credential_id: b.credentialId,
          guest_id: b.guestId,
          gate_id: gate.id,
          zone_id: gate.zone_id,
          direction: 'entry',
          verdict: 'admit',
          code: 'admitted',
          scanned_at: new Date(base + i * 100).toISOString(),
          received_at: nowIso(),
          device_user_id: g.gateStaff.userId,
          offline: 0,
          conflict: null,
        })
        .execute();
    });
  };
}

/** recordScans in-process, one live scan per call, as many loops as stations. */
export function useCaseScans(server: BenchServer, g: GateBench, concurrency: number) {
  const deps = server.huiwu.deps;
  return async (seconds: number): Promise<Figures & { admitted: number }> => {
    const plan = stations(g.badges, concurrency);
    const base = nextStretch();
    await emptyZones(server, g.eventId);
    let admitted = 0;
    const fig = await measureLoop('recordScans, 1 scan a call (in process)', seconds, concurrency, async (w, i) => {
      const s = plan[w]!;
      const n = s.badges.length;
      const r = await recordScans(deps, g.actor, g.eventId, [
        {
          credential: s.badges[i % n]!,
          gate: s.gate,
          direction: Math.floor(i / n) % 2 === 0 ? 'entry' : 'exit',
          nonce: randomUUID(),
          scannedAt: new Date(base + i * 100).toISOString(),
        },
      ]);
      if (!r.ok) throw new Error(`recordScans refused: ${r.code}`);
      if (r.value[0]!.verdict === 'admit') admitted++;
    });
    return { ...fig, admitted };
  };
}

/** POST /api/v1/events/wic2017/scans over HTTP, one scan a request, one gate station per connection. */
export function httpScans(server: BenchServer, g: GateBench, connections: number) {
  const load = (seconds: number): HttpLoad => ({
    name: 'POST /scans, 1 scan a request (HTTP)',
    url: server.url,
    seconds,
    connections,
    setupClient: SCAN_CLIENT,
    env: {
      HUIWU_BENCH_SCANS: JSON.stringify({
        path: `/api/v1/events/${DEMO_SLUG}/scans`,
        cookie: g.gateStaff.cookie,
        csrf: g.gateStaff.csrf,
        base: nextStretch(),
        stations: stations(g.badges, connections),
      }),
    },
  });
  return {
    warmUp: () => warmUp(load(1)),
    run: async (seconds: number): Promise<Figures & { admitted: number }> => {
      await emptyZones(server, g.eventId);
      const before = await scanCounts(server, g.eventId);
      const fig = await measureHttp(load(seconds));
      const after = await scanCounts(server, g.eventId);
      return { ...fig, admitted: (after['admit'] ?? 0) - (before['admit'] ?? 0) };
    },
  };
}

export interface SyncResult {
  scans: number;
  stations: number;
  batch: number;
  seconds: number;
  perSecond: number;
  stored: number;
  lost: number;
  duplicated: number;
  /** answers with duplicate: true to the retried batch (all of it, if nonces are applied once) */
  retriedDuplicates: number;
  retriedBatch: number;
  conflicts: number;
  refusedOffline: number;
}

/**
 * 10,000 scans queued by 4 stations that were offline through the second day (each decided locally with the
 * gate engine on the downloaded bundle, as the station app does), then uploaded at once: each station sends its
 * queue in batches over HTTP, the 4 in parallel, and one station sends one batch twice (its first answer lost).
 * Afterwards every nonce must be stored exactly once.
 */
export async function offlineSync(
  server: BenchServer,
  g: GateBench,
  opts = { scans: 10_000, stations: 4, batch: 500 },
): Promise<SyncResult> {
  const { deps } = server.huiwu;
  await emptyZones(server, g.eventId); // a new day: nobody stayed overnight
  const bundle = await buildGateBundle(deps, g.eventId);
  const index = indexBundle(bundle);
  const key = await eventKey(deps, g.eventId);
  const check = (m: Uint8Array, s: Uint8Array) => verify(null, m, key.publicKeyObject, s);
  const gates = ['MAIN-1', 'FORUM-A', 'EXPO-N', 'MAIN-4'];
  const runTag = randomUUID().slice(0, 8);
  const perStation = Math.ceil(opts.scans / opts.stations);
  // a guest's whole day: in and out of zones through the stations; each station keeps its own view of who is in
  const queues: ScanInput[][] = [];
  const dayStart = Date.parse('2017-12-04T08:00:00+08:00');
  let refusedOffline = 0;
  for (let s = 0; s < opts.stations; s++) {
    const inside = new Set<string>();
    const state: GateState = { isInside: (gid, z) => inside.has(`${gid}:${z}`), insideCount: () => 0 };
    const queue: ScanInput[] = [];
    for (let i = 0; i < perStation && queue.length + s * perStation < opts.scans; i++) {
      const b = g.badges[(i * opts.stations + s) % g.badges.length]!;
      const gate = gates[s % gates.length]!;
      const pass = Math.floor((i * opts.stations + s) / g.badges.length);
      const direction = pass % 2 === 0 ? 'entry' : 'exit';
      const at = new Date(dayStart + i * 3_000);
      const d = decide(index, state, { credential: b.payload, gate, direction, at }, check);
      if (d.verdict === 'admit' && d.guestId !== null && d.zoneId !== null) {
        if (direction === 'entry') inside.add(`${d.guestId}:${d.zoneId}`);
        else inside.delete(`${d.guestId}:${d.zoneId}`);
      } else refusedOffline++;
      queue.push({
        credential: b.payload,
        gate,
        direction,
        nonce: `sync-${runTag}-${s}-${i}`,
        scannedAt: at.toISOString(),
        offlineVerdict: d.verdict,
      });
    }
    queues.push(queue);
  }
  const post = async (batch: ScanInput[]): Promise<ScanResult[]> => {
    const res = await fetch(`${server.url}/api/v1/events/${DEMO_SLUG}/scans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: g.gateStaff.cookie, 'x-csrf-token': g.gateStaff.csrf },
      body: JSON.stringify(batch),
    });
    if (res.status !== 200) throw new Error(`sync upload: ${res.status} ${await res.text()}`);
    return (await res.json()) as ScanResult[];
  };
  let retriedDuplicates = 0;
  let conflicts = 0;
  const retryStation = 1;
  const retryBatch = 2;
  const started = performance.now();
  await Promise.all(
    queues.map(async (queue, s) => {
      for (let b = 0; b * opts.batch < queue.length; b++) {
        const batch = queue.slice(b * opts.batch, (b + 1) * opts.batch);
        const answers = await post(batch);
        conflicts += answers.filter((a) => a.conflict !== null).length;
        if (s === retryStation && b === retryBatch) retriedDuplicates = (await post(batch)).filter((a) => a.duplicate).length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = queues.reduce((n, q) => n + q.length, 0);
  const db = deps.db;
  const prefix = `sync-${runTag}-%`;
  const stored = Number(
    (
      await db
        .selectFrom('scans')
        .select(sql<number>`count(*)`.as('n'))
        .where('event_id', '=', g.eventId)
        .where('nonce', 'like', prefix)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const distinct = Number(
    (
      await db
        .selectFrom('scans')
        .select(sql<number>`count(distinct nonce)`.as('n'))
        .where('event_id', '=', g.eventId)
        .where('nonce', 'like', prefix)
        .executeTakeFirstOrThrow()
    ).n,
  );
  return {
    scans: total,
    stations: opts.stations,
    batch: opts.batch,
    seconds,
    perSecond: total / seconds,
    stored,
    lost: total - distinct,
    duplicated: stored - distinct,
    retriedDuplicates,
    retriedBatch: queues[retryStation]!.slice(retryBatch * opts.batch, (retryBatch + 1) * opts.batch).length,
    conflicts,
    refusedOffline,
  };
}

export interface GatesResult {
  kind: DbKind;
  setupSeconds: number;
  rows: Row[];
  sync: SyncResult;
  rush: RushResult;
}

/**
 * The gate figures on one database: its own server with the demo guest list at scale, the rush first (on empty
 * zones at 08:00), then the scan rates in interleaved rounds, then the offline sync.
 */
export async function benchGates(
  kind: DbKind,
  pgUrl: string,
  seconds: number,
  rounds: number,
  log: (line: string) => void,
): Promise<GatesResult> {
  const t0 = performance.now();
  const server = await startBenchServer(kind, pgUrl);
  try {
    const g = await prepareGates(server);
    const setupSeconds = Math.round(performance.now() - t0) / 1000;
    log(`${kind}: demo with ${DEMO_GUESTS_FOR_BADGES} guests, ${g.badges.length} badge holders used (${setupSeconds} s)`);
    const rush = await openingRush(server, g);
    log(`${kind} opening rush: last guest in at ${rush.lastIn}, max wait ${rush.maxWait.toFixed(0)} s`);

    const http = httpScans(server, g, STATIONS);
    await http.warmUp();
    await useCaseScans(server, g, STATIONS)(1);
    const [raw, useCase, overHttp] = (await interleaved<Figures & { admitted?: number }>(rounds, seconds, [
      rawScanInserts(server, g, STATIONS),
      useCaseScans(server, g, STATIONS),
      http.run,
    ])) as [Figures, Figures & { admitted: number }, Figures & { admitted: number }];
    for (const f of [raw, useCase, overHttp]) log(`${kind} ${f.name}: ${f.perSecond.toFixed(0)}/s (rounds ${f.rounds?.join(', ')})`);

    const sync = await offlineSync(server, g);
    log(`${kind} offline sync: ${sync.scans} scans in ${sync.seconds.toFixed(2)} s, lost ${sync.lost}, duplicated ${sync.duplicated}`);
    const ratio = (f: Figures, base: Figures, over: string) => ({ value: f.perSecond / base.perSecond, over });
    const syncFigures: Figures = {
      name: `offline sync ${sync.scans} scans, ${sync.stations} stations × batches of ${sync.batch} (HTTP)`,
      perSecond: sync.perSecond,
      p50: 0,
      p99: 0,
      total: sync.scans,
      failures: sync.lost + sync.duplicated,
      bytes: 0,
      seconds: sync.seconds,
    };
    return {
      kind,
      setupSeconds,
      sync,
      rush,
      rows: [
        { figures: raw, note: `${STATIONS} concurrent loops, no HTTP, no verification` },
        {
          figures: useCase,
          ratios: [ratio(useCase, raw, 'raw')],
          note: `${STATIONS} stations; ${useCase.admitted} admitted (entries and exits alternate)`,
        },
        {
          figures: overHttp,
          ratios: [ratio(overHttp, raw, 'raw'), ratio(overHttp, useCase, 'use case')],
          note: `${STATIONS} stations, one connection each; ${overHttp.admitted} admitted`,
        },
        {
          figures: syncFigures,
          ratios: [ratio(syncFigures, raw, 'raw')],
          note: `${sync.seconds.toFixed(2)} s; lost ${sync.lost}, duplicated ${sync.duplicated}; retried batch answered ${sync.retriedDuplicates}/${sync.retriedBatch} as duplicates; ${sync.conflicts} conflicts`,
        },
      ],
    };
  } finally {
    await server.dispose();
  }
}
