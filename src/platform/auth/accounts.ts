import { z } from 'zod';
import { Id } from '../schema.js';
import { type Actor, type Deps, emit } from '../deps.js';
import { nowIso } from '../db/database.js';
import { ok, refuse, type Result } from '../result.js';
import { hashPassword } from './passwords.js';
import { isOrganiserOf, Role } from './permissions.js';
import { DEVICE_KINDS, issueApiToken } from './principal.js';

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const Password = z.string().min(10).max(200);

export const AccountInput = z
  .object({
    email: Email,
    displayName: z.string().min(1).max(200),
    password: Password.optional(),
    locale: z.enum(['zh', 'en']).default('en'),
    role: Role,
    boardId: Id.optional(),
    /** a device's kind, limiting what its token may do (default station: every right of a device) */
    deviceKind: z.enum(DEVICE_KINDS).optional(),
  })
  .strict();
export type AccountInput = z.infer<typeof AccountInput>;
export const AccountView = z.object({
  userId: z.number().int(),
  email: z.string(),
  role: Role,
  boardId: z.number().int().nullable(),
  /** shown once, for device accounts */
  token: z.string().optional(),
  deviceKind: z.enum(DEVICE_KINDS).optional(),
});
export type AccountView = z.infer<typeof AccountView>;

/**
 * Creates an account (or reuses the one with that email) and grants it a role in the event.
 * Devices get an API token instead of a password. Only organisers may hand out the organiser role.
 */
export async function grantAccount(deps: Deps, actor: Actor, eventId: number, input: AccountInput): Promise<Result<AccountView>> {
  if (input.role === 'board_chair') {
    if (!input.boardId) return refuse('board_required', 'boardId');
    const boardEventId = (await deps.boardEvent?.(input.boardId)) ?? null;
    if (boardEventId === null) return refuse('not_found', 'boardId');
    if (boardEventId !== eventId) return refuse('wrong_event', 'boardId');
  }
  if (input.role === 'organiser' && !isOrganiserOf(actor.grants, eventId)) return refuse('forbidden', 'role');
  if (input.deviceKind !== undefined && input.role !== 'device') return refuse('validation', 'deviceKind', { detail: 'only a device has a kind' });
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const result = await deps.db.transaction().execute(async (trx) => {
    let user = await trx.selectFrom('users').select(['id']).where('email', '=', input.email).executeTakeFirst();
    user ??= await trx
      .insertInto('users')
      .values({ email: input.email, password_hash: passwordHash, display_name: input.displayName, locale: input.locale, disabled: 0, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const boardId = input.role === 'board_chair' ? (input.boardId ?? null) : null;
    const same = await trx
      .selectFrom('role_grants')
      .select('id')
      .where('user_id', '=', user.id)
      .where('role', '=', input.role)
      .where('event_id', '=', eventId)
      .where((eb) => (boardId === null ? eb('board_id', 'is', null) : eb('board_id', '=', boardId)))
      .executeTakeFirst();
    if (!same) await trx.insertInto('role_grants').values({ user_id: user.id, role: input.role, event_id: eventId, board_id: boardId }).execute();
    return user.id;
  });
  const deviceKind = input.role === 'device' ? (input.deviceKind ?? 'station') : undefined;
  const token = deviceKind ? (await issueApiToken(deps.db, result, input.displayName, deviceKind)).token : undefined;
  await emit(deps, actor, eventId, { type: 'account.granted', payload: { userId: result, role: input.role } });
  return ok({ userId: result, email: input.email, role: input.role, boardId: input.boardId ?? null, ...(token ? { token, deviceKind } : {}) });
}

/** The first organiser of an installation (CLI `huiwu admin create`): a global organiser grant. */
export async function createAdmin(deps: Deps, email: string, password: string, displayName = 'Organiser'): Promise<Result<{ userId: number }>> {
  const e = Email.safeParse(email);
  if (!e.success) return refuse('validation', 'email', { detail: e.error.issues[0]?.message ?? '' });
  const p = Password.safeParse(password);
  if (!p.success) return refuse('validation', 'password', { detail: p.error.issues[0]?.message ?? '' });
  const existing = await deps.db.selectFrom('users').select('id').where('email', '=', e.data).executeTakeFirst();
  if (existing) return refuse('email_taken', 'email');
  const hash = await hashPassword(p.data);
  const userId = await deps.db.transaction().execute(async (trx) => {
    const u = await trx
      .insertInto('users')
      .values({ email: e.data, password_hash: hash, display_name: displayName, locale: 'en', disabled: 0, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('role_grants').values({ user_id: u.id, role: 'organiser', event_id: null, board_id: null }).execute();
    return u.id;
  });
  await deps.bus.publish({ type: 'account.admin_created', payload: { userId } });
  return ok({ userId });
}
