import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { createEvent, updateEvent } from './create-event.js';
import { EventInput, EventPatch, EventView, RoomInput, RoomPatch, RoomView, VenueInput, VenueView, ZoneInput, ZoneView } from './events.schema.js';
import { toEventView } from './events.store.js';
import { createRoom, createZone, deleteRoom, listRooms, saveVenue, toVenueView, updateRoom } from './manage-rooms.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function eventsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/v1/events',
    { config: { permission: 'public' }, schema: { tags: ['events'], response: { 200: z.array(EventView) } } },
    async () => (await deps.db.selectFrom('events').selectAll().orderBy('start_date', 'desc').execute()).map(toEventView),
  );
  app.post(
    '/api/v1/events',
    { config: { permission: 'events.create' }, schema: { tags: ['events'], body: EventInput, response: { 201: EventView, ...errors } } },
    async (req, reply) => answer(req, reply, await createEvent(deps, actorOf(req), req.body), 201),
  );
  app.get(
    '/api/v1/events/:slug',
    { config: { permission: 'public' }, schema: { tags: ['events'], params: SlugParams, response: { 200: EventView, 404: ErrorBody } } },
    async (req) => toEventView(eventOf(req)),
  );
  app.patch(
    '/api/v1/events/:slug',
    { config: { permission: 'events.manage' }, schema: { tags: ['events'], params: SlugParams, body: EventPatch, response: { 200: EventView, ...errors } } },
    async (req, reply) => answer(req, reply, await updateEvent(deps, actorOf(req), eventOf(req).id, req.body)),
  );

  app.get(
    '/api/v1/events/:slug/zones',
    { config: { permission: 'public' }, schema: { tags: ['venues'], params: SlugParams, response: { 200: z.array(ZoneView) } } },
    async (req) =>
      (await deps.db.selectFrom('zones').selectAll().where('event_id', '=', eventOf(req).id).orderBy('code').execute()).map((z) => ({
        id: z.id,
        code: z.code,
        name: { zh: z.name_zh, en: z.name_en },
      })),
  );
  app.post(
    '/api/v1/events/:slug/zones',
    { config: { permission: 'events.manage' }, schema: { tags: ['venues'], params: SlugParams, body: ZoneInput, response: { 201: ZoneView, ...errors } } },
    async (req, reply) => answer(req, reply, await createZone(deps, actorOf(req), eventOf(req).id, req.body), 201),
  );
  app.get(
    '/api/v1/events/:slug/venues',
    { config: { permission: 'public' }, schema: { tags: ['venues'], params: SlugParams, response: { 200: z.array(VenueView) } } },
    async (req) => (await deps.db.selectFrom('venues').selectAll().where('event_id', '=', eventOf(req).id).orderBy('position').orderBy('id').execute()).map(toVenueView),
  );
  app.post(
    '/api/v1/events/:slug/venues',
    { config: { permission: 'events.manage' }, schema: { tags: ['venues'], params: SlugParams, body: VenueInput, response: { 201: VenueView, ...errors } } },
    async (req, reply) => answer(req, reply, await saveVenue(deps, actorOf(req), eventOf(req).id, req.body, null), 201),
  );
  app.patch(
    '/api/v1/events/:slug/venues/:id',
    { config: { permission: 'events.manage' }, schema: { tags: ['venues'], params: IdParams, body: VenueInput.partial().strict(), response: { 200: VenueView, ...errors } } },
    async (req, reply) => answer(req, reply, await saveVenue(deps, actorOf(req), eventOf(req).id, req.body, req.params.id)),
  );
  app.get(
    '/api/v1/events/:slug/rooms',
    { config: { permission: 'public' }, schema: { tags: ['venues'], params: SlugParams, response: { 200: z.array(RoomView) } } },
    async (req) => listRooms(deps, eventOf(req).id),
  );
  app.post(
    '/api/v1/events/:slug/rooms',
    { config: { permission: 'events.manage' }, schema: { tags: ['venues'], params: SlugParams, body: RoomInput, response: { 201: RoomView, ...errors } } },
    async (req, reply) => answer(req, reply, await createRoom(deps, actorOf(req), eventOf(req).id, req.body), 201),
  );
  app.patch(
    '/api/v1/events/:slug/rooms/:id',
    { config: { permission: 'events.manage' }, schema: { tags: ['venues'], params: IdParams, body: RoomPatch, response: { 200: RoomView, ...errors } } },
    async (req, reply) => answer(req, reply, await updateRoom(deps, actorOf(req), eventOf(req).id, req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/events/:slug/rooms/:id',
    { config: { permission: 'events.manage' }, schema: { tags: ['venues'], params: IdParams, response: { 200: z.object({ id: z.number() }), ...errors } } },
    async (req, reply) => answer(req, reply, await deleteRoom(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );
}
