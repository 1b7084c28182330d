import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../auth/principal.js';
import type { Permission } from '../auth/permissions.js';
import type { Locale } from '../i18n/messages.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * The event a route's `:slug` names, resolved before the permission check. The platform needs only its id and slug;
 * the composition root (src/composed-types.ts) merges the events module's row into it, so routes see every column.
 */
export interface RequestEvent {
  id: number;
  slug: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    principal: Principal | null;
    /** the event named by `:slug` in the route, resolved before the permission check */
    event: RequestEvent | null;
  }
  interface FastifyContextConfig {
    /** every route declares what it needs; the server refuses to start otherwise */
    permission?: Permission;
  }
}
