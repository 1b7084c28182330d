import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { ZodType } from 'zod';
import { grantsPermission, rolesOf } from '../auth/permissions.js';
import { kindAllows, principalFromBearer, principalFromCookie, SESSION_COOKIE } from '../auth/principal.js';
import type { Db } from '../db/database.js';
import type { RequestEvent as EventRow } from './types.js';
import { negotiateLocale } from '../i18n/messages.js';
import { RequestValidationError, sendRefusal } from './errors.js';
import { declareSuccess, edgeOptions, installEdges } from './edges.js';
import { createMetrics } from './metrics.js';
import { redactUrl, RequestLog } from './request-log.js';
import type { App } from './types.js';

export interface HttpOptions {
  db: Db;
  logLevel: string;
  /** a shared store makes login rate limits hold across instances */
  redis?: Redis | undefined;
  /** the installation's Redis namespace: rate-limit counters of installations sharing a Redis stay apart */
  redisPrefix?: string | undefined;
  trustProxy?: boolean;
  metricsToken?: string | undefined;
  /** finds the event named by `:slug` (the composition root passes the events module's cached one) */
  resolveEvent: (slug: string) => Promise<EventRow | null>;
  /** where logs go (default stdout); tests read them to prove that no secret is logged */
  logStream?: DestinationStream | undefined;
  /** successful reads are logged at info one in this many per route, all at debug (default READ_SAMPLE) */
  logSampleEvery?: number | undefined;
}

export { redactUrl } from './request-log.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export { RateLimitedError } from './errors.js';

export async function createHttpServer(opts: HttpOptions): Promise<App> {
  const requestLog = new RequestLog(opts.logSampleEvery);
  const app = Fastify({
    logger: {
      level: opts.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip, reqId: req.id }),
      },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    // one short line per request instead of Fastify's two long ones
    logController: requestLog,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ...edgeOptions,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler<ZodType>(({ schema, httpPart }) => (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(schema, data, httpPart ?? 'body') };
  });
  app.setSerializerCompiler(serializerCompiler);
  requestLog.captureRefusals(app);

  app.decorateRequest('locale', 'en');
  app.decorateRequest('principal', null);
  app.decorateRequest('event', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.permission && !route.url.startsWith('/api/v1/docs')) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no permission`);
    }
    const permission = route.config?.permission;
    if (permission && permission !== 'public' && permission !== 'authenticated' && !rolesOf(permission)) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares permission ${permission}, which no module installed`);
    }
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false, ...(opts.redis ? { redis: opts.redis, nameSpace: `${opts.redisPrefix ?? 'huiwu'}:rate:` } : {}) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Huiwu API', version: '1', description: 'Huiwu (会务) conference operations platform' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: (input) => declareSuccess(jsonSchemaTransform(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs' });

  const metrics = createMetrics(app);
  const resolveEvent = opts.resolveEvent;

  app.addHook('onRequest', async (request, reply) => {
    const lang = (request.query as Record<string, unknown> | undefined)?.['lang'];
    request.locale = lang === 'zh' || lang === 'en' ? lang : negotiateLocale(request.headers['accept-language']);
    reply.header('x-request-id', request.id);
  });
  installEdges(app);

  // Authorisation runs before the body is parsed: a caller without the right never gets a body read.
  app.addHook('onRequest', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return;
    request.principal = await authenticate(opts.db, request);
    const slug = (request.params as Record<string, unknown> | undefined)?.['slug'];
    if (typeof slug === 'string') {
      request.event = await resolveEvent(slug);
      if (!request.event) return sendRefusal(request, reply, { code: 'not_found', field: 'slug' });
    }
    if (permission === 'public') return;
    const p = request.principal;
    if (!p) return sendRefusal(request, reply, { code: 'unauthenticated' });
    if (p.via === 'cookie' && UNSAFE.has(request.method) && request.headers['x-csrf-token'] !== p.csrfToken) {
      return sendRefusal(request, reply, { code: 'csrf' });
    }
    // a device token is held to its kind too: a camera's token cannot read guest photos whatever its grants
    if (!grantsPermission(p.grants, permission, request.event?.id ?? null) || !kindAllows(p, permission)) {
      return sendRefusal(request, reply, { code: 'forbidden' });
    }
  });

  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, () => app.swagger());
  app.get('/metrics', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (opts.metricsToken && req.headers.authorization !== `Bearer ${opts.metricsToken}`) return sendRefusal(req, reply, { code: 'unauthenticated' });
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

async function authenticate(db: Db, request: FastifyRequest) {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return principalFromBearer(db, auth.slice(7).trim());
  const token = request.cookies[SESSION_COOKIE];
  return token ? principalFromCookie(db, token) : null;
}
