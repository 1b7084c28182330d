// The agenda module's face to other modules and to the composition root.
import { defineModule } from '../../platform/module.js';
import type { AgendaTables } from './agenda.tables.js';
import { agendaRoutes } from './agenda.routes.js';
import { agendaPrivacy } from './agenda.privacy.js';
// who starred a session or a board's sessions: the notices' audiences (ADR 0013)
export { starrersOf } from './read-starrers.js';
export type { AgendaTables } from './agenda.tables.js';

/** The agenda module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<AgendaTables>()({
  name: 'agenda',
  tables: ['agenda_stars', 'calendar_feeds'],
  migrations: {},
  permissions: {
    'agenda.own': ['organiser', 'board_chair', 'desk_staff', 'gate_staff', 'volunteer', 'driver', 'exhibitor', 'guest'],
  },
  messages: [],
  routes: agendaRoutes,
  privacy: agendaPrivacy,
});
