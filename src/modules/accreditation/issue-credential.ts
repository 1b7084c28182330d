import { DateTime } from 'luxon';
import type { Actor, Deps } from '../../platform/deps.js';
import { emit } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { signCredential } from './sign-credential.js';

export interface IssuedCredential {
  credentialId: number;
  guestId: number;
  payload: string;
  issuedAt: string;
  expiresAt: string;
  /** the credential this one replaces (now revoked), if any */
  replaced: number | null;
}

/**
 * Issues a guest's badge credential, valid until the day after the event ends. A guest holds at most one
 * current credential: issuing again (a reprint) revokes the previous one in the same transaction, so a lost
 * badge stops opening gates the moment its replacement exists.
 */
export async function issueCredential(
  deps: Deps,
  actor: Actor,
  eventId: number,
  guestId: number,
  reason = 'reprint',
): Promise<Result<IssuedCredential>> {
  const guest = await deps.db
    .selectFrom('guests')
    .select(['id', 'event_id', 'status', 'category_id'])
    .where('id', '=', guestId)
    .executeTakeFirst();
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'guestId');
  if (guest.status !== 'approved') return refuse('guest_not_approved', 'guestId', { status: guest.status });
  if (guest.category_id === null) return refuse('guest_without_category', 'guestId');
  const categoryId = guest.category_id;
  const event = await deps.db.selectFrom('events').select(['end_date', 'timezone']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const now = new Date();
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const expiresAt = DateTime.fromISO(event.end_date, { zone: event.timezone }).plus({ days: 2 }).startOf('day').toUTC().toJSDate();

  const issued = await deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('credentials')
      .select('id')
      .where('guest_id', '=', guestId)
      .where('revoked_at', 'is', null)
      .execute();
    if (current.length) {
      await trx
        .updateTable('credentials')
        .set({ revoked_at: now.toISOString(), revoke_reason: reason })
        .where('id', 'in', current.map((c) => c.id))
        .execute();
    }
    const row = await trx
      .insertInto('credentials')
      .values({ event_id: eventId, guest_id: guestId, payload: '', issued_at: issuedAt.toISOString(), expires_at: expiresAt.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payload = await signCredential(deps, {
      eventId,
      credentialId: row.id,
      guestId,
      categoryId,
      issuedAt: issuedAt.getTime() / 1000,
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
    });
    await trx.updateTable('credentials').set({ payload }).where('id', '=', row.id).execute();
    return { credentialId: row.id, guestId, payload, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString(), replaced: current[0]?.id ?? null };
  });
  if (issued.replaced !== null) {
    await emit(deps, actor, eventId, { type: 'credential.revoked', payload: { credentialId: issued.replaced, guestId, reason } });
  }
  await emit(deps, actor, eventId, { type: 'credential.issued', payload: { credentialId: issued.credentialId, guestId } });
  return ok(issued);
}

/** Revokes a guest's current credential without a replacement (lost badge, withdrawn accreditation). */
export async function revokeCredential(deps: Deps, actor: Actor, eventId: number, credentialId: number, reason: string): Promise<Result<{ credentialId: number }>> {
  const row = await deps.db.selectFrom('credentials').select(['id', 'event_id', 'guest_id', 'revoked_at']).where('id', '=', credentialId).executeTakeFirst();
  if (!row || row.event_id !== eventId) return refuse('not_found', 'credentialId');
  if (row.revoked_at !== null) return refuse('credential_already_revoked', 'credentialId');
  await deps.db.updateTable('credentials').set({ revoked_at: new Date().toISOString(), revoke_reason: reason }).where('id', '=', credentialId).execute();
  await emit(deps, actor, eventId, { type: 'credential.revoked', payload: { credentialId, guestId: row.guest_id, reason } });
  return ok({ credentialId });
}
