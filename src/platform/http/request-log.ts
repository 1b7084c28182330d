import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** URLs that carry a credential (private calendar feeds, personal invitation links) are logged without it. */
export const redactUrl = (url: string): string =>
  url
    .replace(/(\/api\/v1\/calendar\/|\/api\/v1\/invitations\/|\/app\/register\/)[^/?]+/, '$1[redacted]')
    // the badge desk looks a guest up by the scanned invitation QR, which holds the personal token
    .replace(/(\/desk\/invitation\?(?:[^#]*&)?code=)[^&#]*/, '$1[redacted]');

/** Successful reads: one line in this many per route is logged at info, every one at debug. */
export const READ_SAMPLE = 100;
const READS = new Set(['GET', 'HEAD']);

/**
 * One line per request, written when the response is sent. Fastify's own two lines per request (incoming and
 * completed, with the request's address and headers) came to about 420 bytes a request, 550 MB in 100 s of a
 * summit's load. Routine lines are now short (`GET /url 200`, the time taken and the request id), successful
 * reads are sampled per route (the first of each route and then one in `sampleEvery`, marked with the count
 * they stand for; all of them at debug), and refusals (4xx, warn) and failures (5xx, error) stay whole: the
 * caller's address and user agent, the route, and the refusal's code.
 */
export class RequestLog extends LogController {
  private readonly seen = new Map<string, number>();
  private readonly refusals = new WeakMap<FastifyRequest, string>();

  constructor(private readonly sampleEvery = READ_SAMPLE) {
    super();
  }

  /** Fastify's "incoming request" line: the completed one says it all */
  override incomingRequest(): void {}

  /** the 404 is logged whole as a refusal when it completes */
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const r = `${request.method} ${redactUrl(request.url)}`;
    if (status >= 400 || error) {
      const whole = { r, s: status, ms, ip: request.ip, route: request.routeOptions.url ?? null, code: this.refusals.get(request) ?? null, ua: request.headers['user-agent'] ?? null };
      if (error) request.log.error({ ...whole, err: error }, 'request failed');
      else if (status >= 500) request.log.error(whole, 'request failed');
      else request.log.warn(whole, 'request refused');
      return;
    }
    if (!READS.has(request.method)) {
      request.log.info({ r, s: status, ms }, 'req');
      return;
    }
    const route = `${request.method} ${request.routeOptions.url ?? '*'}`;
    const n = (this.seen.get(route) ?? 0) + 1;
    this.seen.set(route, n % this.sampleEvery);
    if (n === 1) request.log.info({ r, s: status, ms, sampled: this.sampleEvery }, 'req');
    else request.log.debug({ r, s: status, ms }, 'req');
  }

  /** Keeps the code of each error body sent, for the refusal's line; read only on error responses. */
  captureRefusals(app: FastifyInstance): void {
    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode >= 400 && typeof payload === 'string' && payload.startsWith('{"error"')) {
        const code = /^\{"error":\{"code":"([\w.-]{1,64})"/.exec(payload)?.[1];
        if (code) this.refusals.set(request, code);
      }
      return payload;
    });
  }
}
