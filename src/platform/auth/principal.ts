import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from '../db/database.js';
import { deviceKindsOf, type Grant, type Role } from './permissions.js';

export interface Principal {
  userId: number;
  email: string;
  displayName: string;
  locale: string;
  grants: Grant[];
  /** how the caller proved who they are; cookie callers must also present the CSRF token */
  via: 'cookie' | 'bearer';
  csrfToken: string | null;
  /** a device token's kind: what it may do at most, whatever its account's grants (null: a person, no limit) */
  deviceKind: DeviceKind | null;
}

/**
 * What a device token may do, by kind: a camera only posts plates, so a stolen camera token cannot read guest
 * photos or the gate bundle; a scanner scans badges at gates (and shows the guest's photo for the identity check);
 * a face terminal checks faces (beside the enrolled photo). A station (a gate tablet doing all of it, and every
 * device token from before kinds) has all of a device's rights. Public and signed-in-only routes stay open.
 */
export const DEVICE_KINDS = ['camera', 'scanner', 'face_terminal', 'station'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const isDeviceKind = (v: unknown): v is DeviceKind => typeof v === 'string' && (DEVICE_KINDS as readonly string[]).includes(v);

/** Whether the caller's token kind allows a permission (its grants are checked apart). */
export function kindAllows(p: Pick<Principal, 'deviceKind'>, permission: string): boolean {
  if (permission === 'public' || permission === 'authenticated' || p.deviceKind === null) return true;
  // each permission names the kinds that may use it (its owner's manifest declares them)
  return p.deviceKind === 'station' || deviceKindsOf(permission).includes(p.deviceKind);
}

export const SESSION_COOKIE = 'huiwu_session';
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');
export const newToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export async function loadGrants(db: Db, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select(['role', 'event_id', 'board_id'])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role as Role, eventId: r.event_id, boardId: r.board_id }));
}

async function principalFor(db: Db, userId: number, via: Principal['via'], csrfToken: string | null, deviceKind: DeviceKind | null = null) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    locale: user.locale,
    grants: await loadGrants(db, user.id),
    via,
    csrfToken,
    deviceKind,
  } satisfies Principal;
}

export async function principalFromCookie(db: Db, token: string): Promise<Principal | null> {
  const session = await db
    .selectFrom('auth_sessions')
    .select(['user_id', 'csrf_token', 'expires_at'])
    .where('id', '=', sha256(token))
    .executeTakeFirst();
  if (!session || session.expires_at <= nowIso()) return null;
  return principalFor(db, session.user_id, 'cookie', session.csrf_token);
}

export async function principalFromBearer(db: Db, token: string): Promise<Principal | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'revoked', 'kind'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked) return null;
  // Record use at most once a minute, so a busy scanner does not turn every read into a write.
  const minuteAgo = new Date(Date.now() - 60_000).toISOString();
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: nowIso() })
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
  // a token of an unknown kind (written by a newer version) may do nothing a device may not: the narrowest
  return principalFor(db, row.user_id, 'bearer', null, row.kind === null ? null : isDeviceKind(row.kind) ? row.kind : 'camera');
}

export async function startSession(db: Db, userId: number, days: number) {
  const token = newToken();
  const csrfToken = newToken(18);
  const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  await db
    .insertInto('auth_sessions')
    .values({ id: sha256(token), user_id: userId, csrf_token: csrfToken, created_at: nowIso(), expires_at: expiresAt })
    .execute();
  // Expired sessions are swept opportunistically, so the table cannot grow without bound.
  await db.deleteFrom('auth_sessions').where('expires_at', '<=', nowIso()).execute();
  return { token, csrfToken, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('id', '=', sha256(token)).execute();
}

/** A new API token; a device's token has a kind (what it may do), a person's none. */
export async function issueApiToken(db: Db, userId: number, name: string, kind: DeviceKind | null = null): Promise<{ id: number; token: string }> {
  const token = `hw_${newToken()}`;
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null, revoked: 0, kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}
