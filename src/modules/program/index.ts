// The programme module's face to other modules (DESIGN: modules use only each other's exported services).
import { defineModule } from '../../platform/module.js';
import type { ProgramTables } from './program.tables.js';
import { programRoutes } from './program.routes.js';
import { exportRoutes } from './exports.routes.js';
export { boardEvent } from './program.store.js';
// the sessions of a board (agenda's starrers of a board) and whether a room is booked (supplies events' port, ADR 0013)
export { roomHasSessions, sessionEvent, sessionIdsOfBoard } from './program.store.js';
export { exportCalendar } from './export-calendar.js';
export { overlappingPairs } from './find-conflicts.js';
export { programmeForViewer, type Viewer } from './read-programme.js';
// reads of the sessions in guarded rooms, for access's gate bundle and occupancy
export { sessionInvitationsOf, sessionsInRooms, type RoomSessionRow } from './read-room-sessions.js';
export type { ProgramTables } from './program.tables.js';

/** The program module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<ProgramTables>()({
  name: 'program',
  tables: ['boards', 'organisations', 'people', 'sessions', 'session_people', 'session_hosts', 'session_invitations', 'publications'],
  migrations: {},
  permissions: {
    'program.read_draft': ['organiser', 'board_chair'],
    'program.edit': ['organiser', 'board_chair'],
    'program.publish': ['organiser'],
    /** the programme's speakers and hosts */
    'people.manage': ['organiser', 'board_chair'],
  },
  messages: [],
  routes: (app, deps) => {
    programRoutes(app, deps);
    exportRoutes(app, deps);
  },
});
