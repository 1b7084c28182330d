/**
 * npm run bench: figures, not pass/fail. Every figure comes with a ratio against a baseline measured in the same
 * run on the same machine, because absolute numbers mean little across machines. Figures and their baselines are
 * measured in interleaved rounds so that other load on the machine shifts both alike. Env: BENCH_SECONDS
 * (default 5) per measurement, BENCH_ROUNDS (default 5) rounds it is split into (autocannon ends on whole seconds), HUIWU_BENCH_PG_URL (else HUIWU_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/test, as the tests).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { importProgramme } from '../src/modules/program/import-programme.js';
import { ProgrammeImport } from '../src/modules/program/program.schema.js';
import { publishProgramme } from '../src/modules/program/publish-programme.js';
import { SYSTEM } from '../src/platform/deps.js';
import { benchGates, type GatesResult } from './accreditation.js';
import { benchCarts, benchCartsHttp, cartsHttpTable, cartsTables, type CartsHttpResult, type CartsResult } from './carts.js';
import { benchFaces, facesTable, type FacesResult } from './faces.js';
import { benchDecide, decideTable, type DecideResult } from './gate-decide.js';
import { benchPlates, platesTable, type PlatesResult } from './plates.js';
import { benchSqliteDriver, sqliteDriverTable, type SqliteDriverResult } from './sqlite-driver.js';
import { httpStarWrites, rawStarWrites } from './agenda.js';
import { rushChart } from './gate-rush.js';
import { loggedInGuests, publicProgramme } from './guests.js';
import { interleaved, measureHttp, warmUp, type Figures, type HttpLoad } from './load.js';
import { table, type Row } from './report.js';
import { BARE_PATH, benchPgUrl, reachPostgres, startBenchServer, STATIC_PATH, type BenchServer, type DbKind } from './server.js';
import { syntheticProgramme } from './synthetic-programme.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** `gates`, `programme`, `carts`, `carts-http`, `faces`, `plates`, `decide` or `sqlite-driver` runs only that part (all by default) */
const ONLY = process.env.BENCH_ONLY ?? '';
const CONNECTIONS = 10;
const GUESTS = 50;
const BIG_SESSIONS = 500;
const BIG_SLUG = 'bench500';

interface DbResult {
  kind: DbKind;
  rows: Row[];
  programmes: Record<string, { sessions: number; bodyBytes: number }>;
  setupSeconds: Record<string, number>;
}

function log(line: string) {
  process.stderr.write(`· ${line}\n`);
}

/** Seconds each setup step took, for the record (setup is not measured, but it should not creep up). */
function stopwatch() {
  const steps: Record<string, number> = {};
  let last = performance.now();
  return {
    steps,
    lap(name: string) {
      const now = performance.now();
      steps[name] = Math.round(now - last) / 1000;
      last = now;
    },
  };
}

async function importBigProgramme(server: BenchServer) {
  const { deps } = server.huiwu;
  const imported = await importProgramme(deps, SYSTEM, BIG_SLUG, ProgrammeImport.parse(syntheticProgramme(BIG_SLUG, BIG_SESSIONS)));
  if (!imported.ok) throw new Error(`synthetic import refused: ${imported.code} ${imported.field ?? ''}`);
  const event = await deps.db.selectFrom('events').selectAll().where('id', '=', imported.value.eventId).executeTakeFirstOrThrow();
  const published = await publishProgramme(deps, SYSTEM, event);
  if (!published.ok) throw new Error(`synthetic publish refused: ${published.code}`);
}

async function benchDatabase(kind: DbKind, pgUrl: string): Promise<DbResult> {
  const clock = stopwatch();
  const server = await startBenchServer(kind, pgUrl);
  clock.lap('start + demo');
  try {
    await importBigProgramme(server);
    clock.lap(`import + publish ${BIG_SESSIONS} sessions`);
    const wic = await publicProgramme(server.url, 'wic2017');
    const big = await publicProgramme(server.url, BIG_SLUG);
    server.staticBodies.set('wic2017', wic.body);
    server.staticBodies.set(BIG_SLUG, big.body);
    const guests = await loggedInGuests(server.url, 'wic2017', GUESTS);
    clock.lap(`create + log in ${GUESTS} guests`);
    const eventId = (await server.huiwu.deps.db.selectFrom('events').select('id').where('slug', '=', 'wic2017').executeTakeFirstOrThrow())
      .id;
    log(
      `${kind}: ${server.url} ready (${Object.entries(clock.steps)
        .map(([k, v]) => `${k} ${v} s`)
        .join(', ')})`,
    );

    const get = (name: string, path: string): HttpLoad => ({
      name: `${kind} ${name}`,
      url: `${server.url}${path}`,
      seconds: 1,
      connections: CONNECTIONS,
    });
    const gets = [
      get('GET bare JSON route', BARE_PATH),
      get('GET same bytes as wic2017, constant', `${STATIC_PATH}wic2017`),
      get(`GET programme wic2017 (${wic.ids.length} sessions)`, '/api/v1/events/wic2017/programme?lang=en'),
      get(`GET same bytes as ${BIG_SLUG}, constant`, `${STATIC_PATH}${BIG_SLUG}`),
      get(`GET programme ${BIG_SLUG} (${big.ids.length} sessions)`, `/api/v1/events/${BIG_SLUG}/programme?lang=en`),
      // what a phone actually asks for: the same programme, gzip accepted
      { ...get(`GET programme wic2017, gzip accepted`, '/api/v1/events/wic2017/programme?lang=en'), headers: { 'accept-encoding': 'gzip' } },
    ];
    // the constant routes run the bare route's code and send the programme's bytes: warming those covers them
    for (const load of [gets[0]!, gets[2]!, gets[4]!, gets[5]!]) await warmUp(load);
    const [bare, wicStatic, wicFig, bigStatic, bigFig, wicGzip] = (await interleaved(
      ROUNDS,
      SECONDS,
      gets.map((load) => (seconds: number) => measureHttp({ ...load, seconds })),
    )) as [Figures, Figures, Figures, Figures, Figures, Figures];
    for (const f of [bare, wicStatic, wicFig, bigStatic, bigFig, wicGzip])
      log(`${f.name}: ${f.perSecond.toFixed(0)}/s (rounds ${f.rounds?.join(', ')})`);

    const plan = { base: server.url, slug: 'wic2017', eventId, guests, sessionIds: wic.ids };
    const http = httpStarWrites(server.huiwu.deps.db, plan);
    await http.warmUp();
    const [raw, writes] = (await interleaved<Figures & { changed?: number }>(ROUNDS, SECONDS, [
      rawStarWrites(server.huiwu.deps.db, plan),
      http.run,
    ])) as [Figures, Figures & { changed: number }];
    log(`${kind} ${raw.name}: ${raw.perSecond.toFixed(0)}/s (rounds ${raw.rounds?.join(', ')})`);
    log(`${kind} ${writes.name}: ${writes.perSecond.toFixed(0)}/s (rounds ${writes.rounds?.join(', ')})`);

    const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB body`;
    const ratio = (f: Figures, base: Figures, over: string) => ({ value: f.perSecond / base.perSecond, over });
    const strip = (f: Figures) => ({ ...f, name: f.name.slice(kind.length + 1) });
    return {
      kind,
      setupSeconds: clock.steps,
      programmes: {
        wic2017: { sessions: wic.ids.length, bodyBytes: wic.bodyBytes },
        [BIG_SLUG]: { sessions: big.ids.length, bodyBytes: big.bodyBytes },
      },
      rows: [
        { figures: strip(bare), note: `${CONNECTIONS} connections` },
        { figures: strip(wicStatic), ratios: [ratio(wicStatic, bare, 'bare')], note: kb(wic.bodyBytes) },
        { figures: strip(wicFig), ratios: [ratio(wicFig, bare, 'bare'), ratio(wicFig, wicStatic, 'same bytes')], note: kb(wic.bodyBytes) },
        { figures: strip(wicGzip), ratios: [ratio(wicGzip, bare, 'bare'), ratio(wicGzip, wicFig, 'uncompressed')], note: 'gzip, compressed once per version' },
        { figures: strip(bigStatic), ratios: [ratio(bigStatic, bare, 'bare')], note: kb(big.bodyBytes) },
        { figures: strip(bigFig), ratios: [ratio(bigFig, bare, 'bare'), ratio(bigFig, bigStatic, 'same bytes')], note: kb(big.bodyBytes) },
        { figures: raw, note: `${GUESTS} concurrent loops, no HTTP` },
        {
          figures: writes,
          ratios: [ratio(writes, raw, 'raw')],
          note: `${GUESTS} guests, one connection each; ${writes.changed} audited row changes`,
        },
      ],
    };
  } finally {
    await server.dispose();
  }
}

const started = new Date();
const loadBefore = loadavg()[0]!;
const results: Record<string, DbResult | { skipped: string }> = {};
const gates: Record<string, GatesResult | { skipped: string }> = {};
const pgUrl = benchPgUrl();
log(
  `Huiwu bench: ${SECONDS} s per measurement in ${ROUNDS} interleaved rounds (+1 s warm-up), Node ${process.version}, ${cpus().length} CPU(s), load average ${loadBefore.toFixed(2)}`,
);
const runs = (part: string) => ONLY === '' || ONLY === part;
if (runs('programme')) results['sqlite'] = await benchDatabase('sqlite', pgUrl);
if (runs('gates')) gates['sqlite'] = await benchGates('sqlite', pgUrl, SECONDS, ROUNDS, log);
// carts only: no database part to measure, so PostgreSQL need not be there
const pgDown = runs('programme') || runs('gates') ? await reachPostgres(pgUrl) : null;
if (pgDown) {
  console.log(`PostgreSQL not reachable at ${pgUrl.replace(/\/\/[^@/]*@/, '//')} (${pgDown}): skipping its measurements`);
  results['postgres'] = { skipped: pgDown };
  gates['postgres'] = { skipped: pgDown };
} else {
  if (runs('programme')) results['postgres'] = await benchDatabase('postgres', pgUrl);
  if (runs('gates')) gates['postgres'] = await benchGates('postgres', pgUrl, SECONDS, ROUNDS, log);
}
const carts: CartsResult | null = runs('carts') ? benchCarts(log) : null;
const cartsHttp: CartsHttpResult | null = runs('carts-http') ? await benchCartsHttp(log) : null;
const faces: FacesResult | null = runs('faces') ? await benchFaces(log) : null;
const plates: PlatesResult | null = runs('plates') ? await benchPlates(log) : null;
const decision: DecideResult | null = runs('decide') ? benchDecide(ROUNDS, log) : null;
const sqliteDriver: SqliteDriverResult | null = runs('sqlite-driver') ? await benchSqliteDriver(SECONDS, ROUNDS, log) : null;
const loadAfter = loadavg()[0]!;

console.log('');
for (const r of Object.values(results)) {
  if ('rows' in r) console.log(`${table(`Huiwu on ${r.kind}`, r.rows)}\n`);
}
for (const r of Object.values(gates)) {
  if ('rows' in r) console.log(`${table(`Gates on ${r.kind}: verify + record scans, offline sync`, r.rows)}\n\n${rushChart(r.rush)}\n`);
}
if (carts) console.log(`${cartsTables(carts)}\n`);
if (cartsHttp) console.log(`${cartsHttpTable(cartsHttp)}\n`);
if (faces) console.log(`${facesTable(faces)}\n`);
if (plates) console.log(`${platesTable(plates)}\n`);
if (decision) console.log(`${decideTable(decision)}\n`);
if (sqliteDriver) console.log(`${sqliteDriverTable(sqliteDriver)}\n`);
const elapsed = (Date.now() - started.getTime()) / 1000;
console.log(`whole bench: ${elapsed.toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
// the bench itself keeps about two cores busy, so only the load before it started says whether others were
if (loadBefore > cpus().length / 2) {
  console.log(
    `⚠ other work was running when the bench started (load average ${loadBefore.toFixed(2)} on ${cpus().length} CPUs): treat these figures as rough`,
  );
}

const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(
  `${out}latest.json`,
  `${JSON.stringify(
    {
      startedAt: started.toISOString(),
      elapsedSeconds: elapsed,
      machine: {
        node: process.version,
        platform: `${platform()} ${release()}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      secondsPerMeasurement: SECONDS,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      guests: GUESTS,
      databases: results,
      gates,
      carts,
      cartsHttp,
      faces,
      plates,
      decision,
      sqliteDriver,
    },
    null,
    2,
  )}\n`,
);
console.log(`written: ${out}latest.json`);
// autocannon's worker threads and pg's idle sockets may linger a moment; the figures are out, so leave now.
process.exit(0);
