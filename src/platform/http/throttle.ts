import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { RateLimitedError } from './server.js';
import type { App } from './types.js';

/** One counter of a throttled route. */
export interface Limit {
  /** the counter's name: keys are `<name>:<key>`, apart from every other limit's */
  name: string;
  /** the caller's key for this limit, or null when it does not apply to the request */
  key: (req: FastifyRequest) => string | null;
  /** calls allowed per window; a function gives some callers a higher allowance */
  max: number | ((req: FastifyRequest) => number);
  windowMs: number;
}

/** A secret-ish key part (a phone number, an invitation token) as counters keep it: hashed, never in clear. */
export const hashedKey = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 22);

/** The wait in the caller's language, as `{after}` of error.rate_limited. */
const waitOf = (req: FastifyRequest, seconds: number) =>
  req.locale === 'zh' ? (seconds >= 120 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`) : seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} s`;

/**
 * A route hook counting each applicable limit in turn (@fastify/rate-limit's counters: in memory, or in Redis for
 * a cluster so every instance counts alike). The first limit exceeded answers 429 `rate_limited` in the standard
 * error shape and the caller's language, with Retry-After in seconds. Several limits on one route need this: the
 * plugin's own route option runs one limiter per request.
 */
export function throttle(app: App, limits: Limit[]) {
  const counters = limits.map((limit) => ({
    limit,
    count: app.createRateLimit({
      max: typeof limit.max === 'number' ? limit.max : (req: FastifyRequest) => (limit.max as (r: FastifyRequest) => number)(req),
      timeWindow: limit.windowMs,
      keyGenerator: (req: FastifyRequest) => `${limit.name}:${limit.key(req) ?? ''}`,
    }),
  }));
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const { limit, count } of counters) {
      if (limit.key(req) === null) continue;
      const counted = await count(req);
      if (counted.isAllowed || !counted.isExceeded) continue;
      const seconds = Math.max(1, counted.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      throw new RateLimitedError(waitOf(req, seconds));
    }
  };
}
