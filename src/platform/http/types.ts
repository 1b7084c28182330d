import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../auth/principal.js';
import type { Permission } from '../auth/permissions.js';
import type { Locale } from '../i18n/messages.js';
import type { EventRow } from '../db/schema.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    principal: Principal | null;
    /** the event named by `:slug` in the route, resolved before the permission check */
    event: EventRow | null;
  }
  interface FastifyContextConfig {
    /** every route declares what it needs; the server refuses to start otherwise */
    permission?: Permission;
  }
}
