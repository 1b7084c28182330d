import { resolve, sep } from 'node:path';
import { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import { authRoutes } from './platform/auth/auth.routes.js';
import { recordAuditLog } from './platform/audit/audit-log.js';
import { MemoryFanout, RedisFanout } from './platform/bus/bus.js';
import { OutboxBus } from './platform/bus/outbox.js';
import { redisNamespace } from './platform/bus/namespace.js';
import type { Config } from './platform/config.js';
import { type Database, migrateToLatest, openDatabase, ping } from './platform/db/database.js';
import { composeMigrations } from './platform/db/migrator.js';
import { simulationClock, type Deps } from './platform/deps.js';
import { createHttpServer } from './platform/http/server.js';
import { serveWeb } from './platform/http/web.js';
import type { App } from './platform/http/types.js';
import { installationSecret } from './platform/secret.js';
import { createFaceDetector } from './engines/face/detect-faces.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { cachedEventResolver } from './modules/events/index.js';
import { programRoutes } from './modules/program/program.routes.js';
import { exportRoutes } from './modules/program/exports.routes.js';
import { agendaRoutes } from './modules/agenda/agenda.routes.js';
import { accessRoutes, reportsRoutes } from './modules/access/index.js';
import { accreditationRoutes, badgesRoutes, deskRoutes } from './modules/accreditation/index.js';
import { documentsRoutes } from './modules/documents/index.js';
import { invitationsRoutes, registrationRoutes } from './modules/people/index.js';
import { noticesRoutes } from './modules/notices/notices.routes.js';
import { startNoticeScheduler } from './modules/notices/index.js';
import { cartsAdminRoutes, cartsRideRoutes, startCartReoptimiser } from './modules/logistics/index.js';
import { vehiclesModuleRoutes } from './modules/vehicles/index.js';
import { facesRoutes } from './modules/faces/index.js';
import { decisionRoutes } from './commands/index.js';
import { privacyRoutes } from './platform/privacy/privacy.routes.js';
import { privacyRegistry } from './privacy-registrants.js';
import { migrations as noticesMigrations } from './modules/notices/migrations/index.js';
import { migrations as documentsMigrations } from './modules/documents/migrations/index.js';
import { migrations as accreditationMigrations } from './modules/accreditation/migrations/index.js';
import { migrations as accessMigrations } from './modules/access/migrations/index.js';
import { migrations as logisticsMigrations } from './modules/logistics/migrations/index.js';
import { migrations as vehiclesMigrations } from './modules/vehicles/migrations/index.js';
import { migrations as facesMigrations } from './modules/faces/migrations/index.js';
import { migrations as peopleMigrations } from './modules/people/migrations/index.js';

/** Every migration of the platform and the modules, in the order Kysely runs them (by name). */
export const migrations = composeMigrations([
  { owner: 'notices', migrations: noticesMigrations },
  { owner: 'documents', migrations: documentsMigrations },
  { owner: 'accreditation', migrations: accreditationMigrations },
  { owner: 'access', migrations: accessMigrations },
  { owner: 'logistics', migrations: logisticsMigrations },
  { owner: 'vehicles', migrations: vehiclesMigrations },
  { owner: 'faces', migrations: facesMigrations },
  { owner: 'people', migrations: peopleMigrations },
]);

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
  const deps: Deps = { db: database.db, dialect: database.dialect, bus, config, secret, now: simulationClock(config.simClockRate ?? 1) };
  // lazy: the model loads with the first photo checked, so start-up stays fast
  if (config.faceCheck !== false) deps.faces = createFaceDetector();
  recordAuditLog(bus);
  bus.onHandlerError = (err, event) => console.error(`bus handler failed for ${event.type}:`, err);
  return {
    deps,
    database,
    redisPrefix,
    async close() {
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
  eventsRoutes(app, deps);
  programRoutes(app, deps);
  exportRoutes(app, deps);
  agendaRoutes(app, deps);
  documentsRoutes(app, deps);
  noticesRoutes(app, deps);
  invitationsRoutes(app, deps);
  registrationRoutes(app, deps);
  decisionRoutes(app, deps);
  accreditationRoutes(app, deps);
  badgesRoutes(app, deps);
  deskRoutes(app, deps);
  accessRoutes(app, deps);
  reportsRoutes(app, deps);
  cartsAdminRoutes(app, deps);
  cartsRideRoutes(app, deps);
  vehiclesModuleRoutes(app, deps);
  facesRoutes(app, deps);
  privacyRoutes(app, deps, privacyRegistry());
  options.extraRoutes?.(app, deps);
  if (options.webRoot !== null) await serveWeb(app, options.webRoot ?? defaultWebRoot());
  await app.ready();
  const stopNotices = startNoticeScheduler(deps, options.noticeTickMs ?? 5000, (err) => app.log.error({ err }, 'publishing due notices failed'));
  const rate = config.simClockRate ?? 1;
  if (rate > 1) app.log.warn(`HUIWU_SIM_CLOCK_RATE=${rate}: the carts' clock runs ${rate} times faster than real time (simulation only, never for a real event)`);
  // every ~20 s on the carts' clock, however fast it runs
  const stopCarts = startCartReoptimiser(deps, Math.max(20, Math.round((options.cartTickMs ?? 20_000) / rate)), (err) => app.log.error({ err }, 're-optimising cart rides failed'));

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
