import { z } from 'zod';

export const ROLES = [
  'organiser',
  'board_chair',
  'desk_staff',
  'gate_staff',
  'volunteer',
  'driver',
  'exhibitor',
  'guest',
  'device',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** A role held by a user, for one event (or every event when eventId is null), and one board for chairs. */
export interface Grant {
  role: Role;
  eventId: number | null;
  boardId: number | null;
}

/**
 * Every route declares one of these. `public` needs nothing; `authenticated` any logged-in account;
 * the rest are granted to roles below, within the event in the route (or globally).
 */
const PERMISSION_ROLES = {
  public: [],
  authenticated: [],
  'events.create': ['organiser'],
  'events.manage': ['organiser'],
  'users.manage': ['organiser'],
  'audit.read': ['organiser'],
  /** one person's export across modules and the event shredder (platform/privacy) */
  'privacy.manage': ['organiser'],
  'program.read_draft': ['organiser', 'board_chair'],
  'program.edit': ['organiser', 'board_chair'],
  'program.publish': ['organiser'],
  'people.manage': ['organiser', 'board_chair'],
  'agenda.own': ['organiser', 'board_chair', 'desk_staff', 'gate_staff', 'volunteer', 'driver', 'exhibitor', 'guest'],
  'device.ingest': ['device'],
  'documents.manage': ['organiser'],
  'notices.manage': ['organiser'],
  // guests and accreditation
  'guests.manage': ['organiser'],
  'accreditation.manage': ['organiser'],
  'badges.print': ['organiser'],
  'badges.desk': ['organiser', 'desk_staff'],
  'gate.scan': ['organiser', 'gate_staff', 'device'],
  /** a guest's photo, to check identity at the desk and the gate */
  'guests.photo': ['organiser', 'desk_staff', 'gate_staff', 'device'],
  /** a face check at a gate (1:1 with the badge, 1:N in a face-only lane); reads sealed enrolments, audited */
  'gate.face': ['organiser', 'gate_staff', 'device'],
  'reports.read': ['organiser'],
  /** a guest's own registration, badge and delegation */
  'guest.own': ['organiser', 'board_chair', 'desk_staff', 'gate_staff', 'volunteer', 'driver', 'exhibitor', 'guest'],
  // sightseeing carts
  'carts.manage': ['organiser'],
  /** the driver station: a driver works their own cart, an organiser any */
  'carts.drive': ['organiser', 'driver'],
  // vehicle entrances: permits, cameras and the passage log (cameras post with `device.ingest`)
  'vehicles.manage': ['organiser'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSION_ROLES;
export const PERMISSIONS = Object.keys(PERMISSION_ROLES) as Permission[];

/** Permissions that only a grant without an event (installation-wide) gives. */
const GLOBAL_ONLY: ReadonlySet<Permission> = new Set(['events.create']);

export function grantsPermission(grants: readonly Grant[], permission: Permission, eventId: number | null): boolean {
  if (permission === 'public' || permission === 'authenticated') return true;
  const roles: readonly Role[] = PERMISSION_ROLES[permission];
  return grants.some(
    (g) =>
      roles.includes(g.role) &&
      (g.eventId === null || (!GLOBAL_ONLY.has(permission) && eventId !== null && g.eventId === eventId)),
  );
}

/** Boards a user may edit in an event: null means every board (an organiser), else the chaired boards. */
export function editableBoards(grants: readonly Grant[], eventId: number): Set<number> | null {
  const inEvent = grants.filter((g) => g.eventId === null || g.eventId === eventId);
  if (inEvent.some((g) => g.role === 'organiser')) return null;
  return new Set(inEvent.filter((g) => g.role === 'board_chair' && g.boardId !== null).map((g) => g.boardId as number));
}

export function isOrganiserOf(grants: readonly Grant[], eventId: number): boolean {
  return grants.some((g) => g.role === 'organiser' && (g.eventId === null || g.eventId === eventId));
}
