// The events module's face to other modules (DESIGN: modules use only each other's exported services).
import { defineModule } from '../../platform/module.js';
import type { EventsTables } from './events.tables.js';
import { eventsRoutes } from './events.routes.js';
export { cachedEventResolver, isValidTimeZone, toEventView } from './events.store.js';
export { eventTimezone } from './read-event-timezone.js';
// a programme publication serialises per event on the event's row
export { lockEvent } from './lock-event.js';
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
