import type { FastifyRequest } from 'fastify';
import type { Actor } from '../deps.js';
import type { RequestEvent as EventRow } from './types.js';

/** The public address of this installation, for links in exports and feeds. */
export const baseUrlOf = (publicUrl: string | undefined, request: FastifyRequest): string => publicUrl ?? `${request.protocol}://${request.host}`;

export function actorOf(request: FastifyRequest): Actor {
  return { userId: request.principal?.userId ?? null, grants: request.principal?.grants ?? [], requestId: request.id };
}

/** Routes with `:slug` have their event resolved (404 otherwise) before the handler runs. */
export function eventOf(request: FastifyRequest): EventRow {
  if (!request.event) throw new Error(`route ${request.routeOptions.url} has no :slug event`);
  return request.event;
}
