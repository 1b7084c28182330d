import { resolve, sep } from 'node:path';
import { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import { authRoutes } from './platform/auth/auth.routes.js';
import { recordAuditLog } from './platform/audit/audit-log.js';
import { MemoryFanout, RedisFanout } from './platform/bus/bus.js';
import { OutboxBus } from './platform/bus/outbox.js';
import { BullJobs } from './platform/jobs/bull-jobs.js';
import { DbJobs } from './platform/jobs/db-jobs.js';
import type { Jobs } from './platform/jobs/jobs.js';
import { redisNamespace } from './platform/bus/namespace.js';
import type { Config } from './platform/config.js';
import { type Database, migrateToLatest, openDatabase, ping } from './platform/db/database.js';
import { composeMigrations } from './platform/db/migrator.js';
import { installPermissions } from './platform/auth/permissions.js';
import { installMessages } from './platform/i18n/messages.js';
import { MODULES } from './manifests.js';
import { simulationClock, type Deps } from './platform/deps.js';
import { createHttpServer } from './platform/http/server.js';
import { serveWeb } from './platform/http/web.js';
import type { App } from './platform/http/types.js';
import { installationSecret } from './platform/secret.js';
import { createFaceDetector } from './engines/face/detect-faces.js';
import { cachedEventResolver, roomBookings } from './modules/events/index.js';
import { boardEvent, roomHasSessions } from './modules/program/index.js';
import { faceSubjects } from './modules/faces/index.js';
import { vehicleOwners } from './modules/vehicles/index.js';
import { approvedGuestVehicles, dropEventPhotos, eventOfDelegation, eventOfGuest, faceSubject, guestBadges } from './modules/people/index.js';
import { currentCredentialOf, currentCredentialPayload, gateHistory } from './modules/accreditation/index.js';
import { startNoticeScheduler } from './modules/notices/index.js';
import { startCartReoptimiser } from './modules/logistics/index.js';
import { decisionRoutes } from './commands/index.js';
import { privacyRoutes } from './platform/privacy/privacy.routes.js';
import { privacyRegistry } from './privacy-registrants.js';
import { gateHasScans } from './modules/access/index.js';

export { MODULES };

/** Every migration of the platform and the modules, in the order Kysely runs them (by name). */
export const migrations = composeMigrations(MODULES.map((m) => ({ owner: m.name, migrations: m.migrations })));

// The modules' permissions and messages join the platform's once, before anything is served or translated.
installPermissions(MODULES.map((m) => ({ owner: m.name, permissions: m.permissions })));
installMessages(MODULES.map((m) => ({ owner: m.name, areas: m.messages })));
// What lower modules read of higher ones, through the owners' exported functions (ADR 0012).
faceSubjects.supply({ guest: faceSubject, currentCredential: currentCredentialPayload, dropEventPhotos });
vehicleOwners.supply({ eventOfGuest, eventOfDelegation, approvedGuestVehicles });
// events asks the programme whether a room is booked, people asks accreditation for a guest's badge, accreditation
// asks access whether a gate has history (ADR 0013)
roomBookings.supply({ roomInUse: roomHasSessions });
guestBadges.supply({ currentCredential: currentCredentialOf });
gateHistory.supply({ gateScanned: gateHasScans });

export interface Huiwu {
  app: App;
  deps: Deps;
  database: Database;
  close(): Promise<void>;
}

export interface Platform {
  deps: Deps;
  database: Database;
  /** the installation's Redis namespace, when on Redis */
  redisPrefix: string | undefined;
  close(): Promise<void>;
}

/** The platform without HTTP: what CLI commands need. Migrates on open. */
export async function createPlatform(config: Config): Promise<Platform> {
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, migrations);
  const secret = await installationSecret(database.db, config.secret);
  const redisPrefix = config.redisUrl ? await redisNamespace(database.db, config.redisPrefix) : undefined;
  const fanout = config.redisUrl ? await RedisFanout.connect(config.redisUrl, redisPrefix!) : new MemoryFanout();
  const bus = new OutboxBus({ db: database.db, dialect: database.dialect, fanout, onError: (err) => console.error('outbox dispatch failed:', err) });
  // jobs of a cluster go to BullMQ under the installation's namespace; alone, to the database's jobs table
  const jobs: Jobs = config.redisUrl ? new BullJobs({ url: config.redisUrl, namespace: redisPrefix!, lockMs: config.jobLockMs, stalledCheckMs: config.jobLockMs }) : new DbJobs({ db: database.db, dialect: database.dialect });
  const deps: Deps = { db: database.db, dialect: database.dialect, bus, jobs, config, secret, now: simulationClock(config.simClockRate ?? 1) };
  // lazy: the model loads with the first photo checked, so start-up stays fast
  if (config.faceCheck !== false) deps.faces = createFaceDetector();
  deps.boardEvent = (boardId) => boardEvent(database.db, boardId);
  recordAuditLog(bus);
  bus.onHandlerError = (err, event) => console.error(`bus handler failed for ${event.type}:`, err);
  return {
    deps,
    database,
    redisPrefix,
    async close() {
      await jobs.close();
      await bus.close();
      await database.close();
    },
  };
}

export interface HuiwuOptions {
  /** Routes added before the server is sealed by `ready()` (e.g. the bench's bare baseline route). */
  extraRoutes?: (app: App, deps: Deps) => void;
  logStream?: DestinationStream;
  /** the built web app (default: dist/web of this checkout); null serves the API only */
  webRoot?: string | null;
  /** how often this instance publishes scheduled notices that are due (default 5 s) */
  noticeTickMs?: number;
  /** how often this instance re-optimises the open cart rides (default 20 s) */
  cartTickMs?: number;
}

/** The Vite build: dist/web beside dist/src when built, or the checkout's dist/web when run from source. */
const defaultWebRoot = () => resolve(import.meta.dirname, import.meta.dirname.includes(`${sep}dist${sep}`) ? '../web' : '../dist/web');

/** Composition root: config → platform → modules → http. */
export async function createHuiwu(config: Config, options: HuiwuOptions = {}): Promise<Huiwu> {
  const platform = await createPlatform(config);
  const { deps, database } = platform;
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;

  const app = await createHttpServer({
    db: database.db,
    logLevel: config.logLevel,
    redis,
    redisPrefix: platform.redisPrefix,
    logStream: options.logStream,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    resolveEvent: cachedEventResolver(deps),
  });
  deps.bus.onHandlerError = (err, event) => app.log.error({ err, eventType: event.type, eventId: event.id }, 'bus handler failed');
  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const dbUp = await ping(database.db);
    return reply.code(dbUp ? 200 : 503).send({ status: dbUp ? 'ok' : 'degraded', database: database.dialect, bus: config.redisUrl ? 'redis' : 'memory' });
  });
  authRoutes(app, deps);
  for (const m of MODULES) m.routes?.(app, deps);
  decisionRoutes(app, deps);
  privacyRoutes(app, deps, privacyRegistry());
  options.extraRoutes?.(app, deps);
  if (options.webRoot !== null) await serveWeb(app, options.webRoot ?? defaultWebRoot());
  await app.ready();
  const stopNotices = startNoticeScheduler(deps, options.noticeTickMs ?? 5000, (err) => app.log.error({ err }, 'publishing due notices failed'));
  const rate = config.simClockRate ?? 1;
  if (rate > 1) app.log.warn(`HUIWU_SIM_CLOCK_RATE=${rate}: the carts' clock runs ${rate} times faster than real time (simulation only, never for a real event)`);
  // every ~20 s on the carts' clock, however fast it runs
  const stopCarts = startCartReoptimiser(deps, Math.max(20, Math.round((options.cartTickMs ?? 20_000) / rate)), (err) => app.log.error({ err }, 're-optimising cart rides failed'));
  deps.jobs.onError = (err, job) => app.log.error({ err, job }, job ? 'job failed (retried with back-off)' : 'job worker failed');
  deps.jobs.start();

  return {
    app,
    deps,
    database,
    async close() {
      await stopNotices();
      await stopCarts();
      await app.close();
      await redis?.quit();
      await platform.close();
    },
  };
}
