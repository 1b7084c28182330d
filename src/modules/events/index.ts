// The events module's face to other modules (DESIGN: modules use only each other's exported services).
import { defineModule } from '../../platform/module.js';
import type { EventsTables } from './events.tables.js';
import { eventsRoutes } from './events.routes.js';
export { cachedEventResolver, isValidTimeZone, toEventView } from './events.store.js';
// the event, its zones, venues and rooms as the programme, people and accreditation read and import them (ADR 0013)
export { ensureZone, eventById, eventBySlug, eventRooms, eventVenues, insertEvent, placeEvent, upsertPlace } from './events.store.js';
// reads of an event, its zones and rooms for the modules above (access, faces, vehicles)
export { eventSummary, eventZones, roomsOfEvent, type EventSummary, type RoomRow, type ZoneRow } from './read-event-places.js';
export { eventTimezone } from './read-event-timezone.js';
// a programme publication serialises per event on the event's row
export { lockEvent } from './lock-event.js';
// what events asks of the programme above it, supplied by the composition root (ADR 0012, 0013)
export { roomBookings, type RoomBookings } from './events.ports.js';
export type { EventsTables, EventRow } from './events.tables.js';

/** The events module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<EventsTables>()({
  name: 'events',
  tables: ['events', 'zones', 'venues', 'rooms'],
  migrations: {},
  permissions: {
    'events.create': { roles: ['organiser'], globalOnly: true },
    'events.manage': ['organiser'],
  },
  messages: [],
  routes: eventsRoutes,
});
