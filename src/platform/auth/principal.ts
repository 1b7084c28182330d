import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from '../db/database.js';
import type { Grant, Role } from './permissions.js';

export interface Principal {
  userId: number;
  email: string;
  displayName: string;
  locale: string;
  grants: Grant[];
  /** how the caller proved who they are; cookie callers must also present the CSRF token */
  via: 'cookie' | 'bearer';
  csrfToken: string | null;
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

async function principalFor(db: Db, userId: number, via: Principal['via'], csrfToken: string | null) {
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
    .select(['id', 'user_id', 'revoked'])
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
  return principalFor(db, row.user_id, 'bearer', null);
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

export async function issueApiToken(db: Db, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = `hw_${newToken()}`;
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: sha256(token), created_at: nowIso(), last_used_at: null, revoked: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}
