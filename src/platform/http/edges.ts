import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale, translate, type Locale } from '../i18n/messages.js';
import type { Refusal } from '../result.js';
import {
  describeValidation,
  ErrorBody,
  errorBody,
  findNul,
  foreignKeyRefusal,
  isDataException,
  RateLimitedError,
  RequestValidationError,
  statusOf,
  takenRefusal,
  uniqueViolation,
} from './errors.js';
import { MultipartNulError, refuseNulInMultipart } from './multipart.js';
import type { App } from './types.js';

/**
 * The hard edges of the HTTP layer: whatever a caller sends (an unknown method, a NUL, an id past PostgreSQL's
 * integer, a duplicate created twice at once, a URL or headers too long), the answer is a coded 4xx in the one
 * error shape `{ error: { code, message, field } }` in the caller's language, never a 500.
 */

/** Longer URLs are refused with 414 before routing (Node refuses whole request heads over 16 KiB with 431). */
export const MAX_URL_LENGTH = 8 * 1024;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const send = (request: FastifyRequest, reply: FastifyReply, refusal: Omit<Refusal, 'ok'>, locale: Locale = request.locale) =>
  reply.code(statusOf(refusal.code)).send(errorBody(locale, refusal));

/** Options for Fastify's constructor: refusals made before any hook runs, in our shape too. */
export const edgeOptions = {
  /** a bad percent-encoding or a too-long path parameter, found by the router */
  frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const locale = negotiateLocale(request.headers['accept-language']);
    if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(request, reply, { code: 'uri_too_long', field: 'url' }, locale);
    if (err.code === 'FST_ERR_BAD_URL') return send(request, reply, { code: 'bad_url', field: 'url' }, locale);
    return send(request, reply, { code: 'bad_request', params: { detail: err.code } }, locale);
  },
  /** Node's HTTP parser refused the request head (431 headers too large, or unreadable): no request exists yet */
  clientErrorHandler(error: Error, socket: Socket) {
    const err = error as Error & { code?: string; rawPacket?: unknown };
    if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
    const head = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
    const locale = negotiateLocale(/\r\naccept-language:\s*([^\r\n]*)/i.exec(head)?.[1]);
    const [status, code] =
      err.code === 'HPE_HEADER_OVERFLOW' ? ([431, 'headers_too_large'] as const) : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? ([408, 'bad_request'] as const) : ([400, 'bad_request'] as const);
    const body = JSON.stringify(errorBody(locale, { code, params: { detail: err.code ?? '' } }));
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Connection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  },
};

/** A route's path as a regular expression over concrete URLs (`:slug` one segment, `*` the rest). */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The statuses any operation can answer besides its own, added to its OpenAPI entry (and serialised with the
 * error schema): 400 (validation, NUL, bad URL) and 414 always, 401/403 behind a permission, 404 under a path
 * parameter, 409/413/415 on writes (a body may come; 409 a duplicate or a row still in use), 429 with a rate limit.
 */
function declareErrorResponses(route: { url: string; method: string | string[]; schema?: Record<string, unknown>; config?: unknown }) {
  const schema = route.schema;
  if (!schema || schema['hide']) return;
  const response: Record<string | number, unknown> = { ...((schema['response'] as Record<string | number, unknown> | undefined) ?? {}) };
  const add = (...statuses: number[]) => statuses.forEach((s) => (response[s] ??= ErrorBody));
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
  const config = (route.config ?? {}) as { permission?: string; rateLimit?: unknown };
  add(400, 414);
  if (config.permission && config.permission !== 'public') add(401, 403);
  if (route.url.includes('/:')) add(404);
  if (methods.some((m) => WRITES.has(m))) add(409, 413, 415);
  if (config.rateLimit) add(429);
  schema['response'] = response;
}

export function installEdges(app: App): void {
  // which methods each API path serves, so a method it does not serve answers 405 with Allow, not 404 or 500
  const served: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    declareErrorResponses(route as Parameters<typeof declareErrorResponses>[0]);
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const known = served.find((s) => s.pattern.source === patternOf(route.url).source);
    if (known) methods.forEach((m) => known.methods.add(m));
    else served.push({ pattern: patternOf(route.url), methods: new Set(methods) });
  });
  const allowedAt = (path: string): string[] => {
    const allowed = new Set<string>();
    for (const s of served) if (s.pattern.test(path)) s.methods.forEach((m) => allowed.add(m));
    return METHODS.filter((m) => allowed.has(m));
  };

  // PostgreSQL's text cannot hold U+0000: refuse it in any string of any part before anything reads it (the
  // event named by :slug is looked up before validation, the body after parsing)
  const refuseNul = (request: FastifyRequest, reply: FastifyReply, part: string, value: unknown) => {
    const field = findNul(value);
    return field === null ? undefined : send(request, reply, { code: 'nul_character', field: field || part });
  };
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) return send(request, reply, { code: 'uri_too_long', field: 'url' });
    return refuseNul(request, reply, 'params', request.params) ?? refuseNul(request, reply, 'querystring', request.query);
  });
  app.addHook('preValidation', async (request, reply) => refuseNul(request, reply, 'body', request.body));
  // a multipart body is read by its route, part by part: each part is checked as it arrives (multipart.ts)
  refuseNulInMultipart(app);

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    const url = request.url.split('?')[0] ?? '';
    const params = { method: request.method, url };
    if (!request.url.startsWith('/api/')) return reply.code(404).type('text/plain; charset=utf-8').send(translate(request.locale, 'error.route_not_found', params));
    const allow = allowedAt(url);
    if (allow.length > 0 && !allow.includes(request.method)) {
      return reply.header('allow', allow.join(', ')).code(405).send(errorBody(request.locale, { code: 'method_not_allowed', params: { ...params, allow: allow.join(', ') } }));
    }
    return reply.code(404).send(errorBody(request.locale, { code: 'route_not_found', params }));
  }
  app.setNotFoundHandler(notFound);

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof RequestValidationError) {
      const { field, detail } = describeValidation(err, request.locale);
      return send(request, reply, { code: 'validation', field, params: { detail } });
    }
    if (err instanceof MultipartNulError) return send(request, reply, { code: 'nul_character', field: err.field });
    if (err instanceof RateLimitedError) return send(request, reply, { code: 'rate_limited', params: { after: err.after } });
    // an unmatched route still has its body read first (QUERY without a content type fails there): it is a 404/405
    if (request.is404) return notFound(request, reply);
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(request, reply, { code: 'malformed_json', field: 'body' });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(request, reply, { code: 'body_too_large', field: 'body' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE':
        return send(request, reply, { code: 'unsupported_media_type', field: 'content-type' });
    }
    if (err instanceof SyntaxError) return send(request, reply, { code: 'malformed_json', field: 'body' });
    const unique = uniqueViolation(err);
    if (unique) {
      // two creates of one thing at once: the second lost the race the route's own check could not see
      request.log.info({ unique }, 'unique violation answered 409');
      return send(request, reply, takenRefusal(unique, request.body));
    }
    const foreign = foreignKeyRefusal(err, request.method);
    if (foreign) {
      request.log.info({ err }, 'foreign key violation answered as a refusal');
      return send(request, reply, foreign);
    }
    if (isDataException(err)) {
      request.log.warn({ err }, 'database refused a value the schema let through');
      return send(request, reply, { code: 'value_out_of_range' });
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return reply.code(status).send(errorBody(request.locale, { code, params: { detail: err.code ?? err.message } }));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(request.locale, { code: 'internal', params: { requestId: request.id } }));
  });
}

const MEDIA_BY_SUFFIX: Array<[RegExp, string]> = [
  [/\.xml$/, 'application/xml'],
  [/\.json$/, 'application/json'],
  [/\.ics$|^\/api\/v1\/calendar\//, 'text/calendar'],
  [/\.csv$/, 'text/csv'],
  [/\.pdf$|\/file$/, 'application/pdf'],
  [/\/stream$/, 'text/event-stream'],
  [/\/photo$|\/images\/:n$/, 'image/jpeg'],
];

/**
 * An OpenAPI transform around the zod one: an operation answering a file, an export or an event stream (no
 * JSON success schema) still declares its success status and media type, so the document lists every status.
 */
export function declareSuccess<T extends { schema: unknown; url: string }>(out: T): T {
  const schema = out.schema as { response?: Record<string, unknown>; hide?: boolean } | undefined;
  if (!schema || schema.hide) return out;
  const response = (schema.response ??= {});
  if (Object.keys(response).some((status) => status.startsWith('2') || status.startsWith('3'))) return out;
  const media = MEDIA_BY_SUFFIX.find(([pattern]) => pattern.test(out.url))?.[1] ?? 'application/octet-stream';
  const body = media === 'application/json' ? { type: 'object' } : { type: 'string' };
  response['200'] = { description: `The ${media} content`, content: { [media]: { schema: body } } };
  return out;
}
