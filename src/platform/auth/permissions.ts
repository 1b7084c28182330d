import { z } from 'zod';
import type { DeviceKind } from './principal.js';

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
 * What a permission grants: the roles; whether only an installation-wide grant (no event) gives it; and which kinds
 * of device token may use it (a station token may use every permission its grants give; other kinds only these).
 */
export type PermissionSpec =
  | readonly Role[]
  | { readonly roles: readonly Role[]; readonly globalOnly?: boolean; readonly devices?: readonly DeviceKind[] };
/** The permissions a module (or the platform) declares, by name. */
export type PermissionMap = Readonly<Record<string, PermissionSpec>>;

/**
 * Every route declares a permission. `public` needs nothing; `authenticated` any logged-in account; the rest are
 * granted to roles, within the event in the route (or globally). These are the platform's own; each module declares
 * its own in its manifest and the composition root installs them all (installPermissions).
 */
const PLATFORM_PERMISSIONS = {
  public: [],
  authenticated: [],
  'users.manage': ['organiser'],
  'audit.read': ['organiser'],
  /** one person's export across modules and the event shredder (platform/privacy) */
  'privacy.manage': ['organiser'],
  /** a device token posting what it saw (cameras) */
  'device.ingest': { roles: ['device'], devices: ['camera'] },
} as const satisfies PermissionMap;

/** The modules' permission names, merged in by the composition root (src/composed-types.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModulePermissions {}
export type Permission = keyof typeof PLATFORM_PERMISSIONS | (keyof ModulePermissions & string);

interface Installed {
  roles: readonly Role[];
  globalOnly: boolean;
  devices: readonly DeviceKind[];
  owner: string;
}
const normalise = (spec: PermissionSpec, owner: string): Installed => {
  if (Array.isArray(spec)) return { roles: spec as readonly Role[], globalOnly: false, devices: [], owner };
  const s = spec as Exclude<PermissionSpec, readonly Role[]>;
  return { roles: s.roles, globalOnly: s.globalOnly ?? false, devices: s.devices ?? [], owner };
};
const platformRegistry = () => new Map(Object.entries(PLATFORM_PERMISSIONS).map(([k, v]) => [k, normalise(v, 'platform')]));
let registry = platformRegistry();

/**
 * Installs the platform's permissions and every module's (from the manifests, once at start). Refuses a name two
 * owners declare: a permission means one thing everywhere.
 */
export function installPermissions(sources: ReadonlyArray<{ owner: string; permissions: PermissionMap }>): void {
  const next = platformRegistry();
  for (const { owner, permissions } of sources) {
    for (const [name, spec] of Object.entries(permissions)) {
      const taken = next.get(name);
      if (taken) throw new Error(`permission ${name} of ${owner} is declared by ${taken.owner} already`);
      next.set(name, normalise(spec, owner));
    }
  }
  registry = next;
}

/** Every installed permission, in declaration order. */
export const installedPermissions = (): Permission[] => [...registry.keys()] as Permission[];

/** The kinds of device token (besides a station) that may use a permission. */
export const deviceKindsOf = (permission: string): readonly DeviceKind[] => registry.get(permission)?.devices ?? [];

/** The roles a permission grants, or null when nothing declares it. */
export function rolesOf(permission: string): readonly Role[] | null {
  return registry.get(permission)?.roles ?? null;
}

export function grantsPermission(grants: readonly Grant[], permission: Permission, eventId: number | null): boolean {
  if (permission === 'public' || permission === 'authenticated') return true;
  const installed = registry.get(permission);
  if (!installed) return false;
  return grants.some(
    (g) =>
      installed.roles.includes(g.role) &&
      (g.eventId === null || (!installed.globalOnly && eventId !== null && g.eventId === eventId)),
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
