import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import {
  DeskGuest,
  DeskGuestParams,
  DeskInvitationQuery,
  DeskSearchQuery,
  DeskSearchResult,
  HandOutInput,
  HandOutResult,
} from './desk.schema.js';
import { findByInvitation, searchAtDesk } from './find-at-desk.js';
import { handOutBadge } from './hand-out-badge.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The badge desk: find a guest, scan the invitation QR, check the photo, hand out the badge. */
export function deskRoutes(app: App, deps: Deps): void {
  const tags = ['badge desk'];
  const config = { permission: 'badges.desk' } as const;
  app.get(
    '/api/v1/events/:slug/desk/guests',
    { config, schema: { tags, params: SlugParams, querystring: DeskSearchQuery, response: { 200: DeskSearchResult, ...errors } } },
    async (req, reply) => {
      const event = eventOf(req);
      return answer(req, reply, await searchAtDesk(deps, event.slug, event.id, req.query.q));
    },
  );
  app.get(
    '/api/v1/events/:slug/desk/invitation',
    { config, schema: { tags, params: SlugParams, querystring: DeskInvitationQuery, response: { 200: DeskGuest, ...errors } } },
    async (req, reply) => {
      const event = eventOf(req);
      return answer(req, reply, await findByInvitation(deps, event.slug, event.id, req.query.code));
    },
  );
  app.post(
    '/api/v1/events/:slug/desk/guests/:id/hand-out',
    { config, schema: { tags, params: DeskGuestParams, body: HandOutInput, response: { 200: HandOutResult, ...errors } } },
    async (req, reply) => {
      const event = eventOf(req);
      return answer(req, reply, await handOutBadge(deps, actorOf(req), event.slug, event.id, req.params.id));
    },
  );
}
