import { DateTime } from 'luxon';
import type { Actor, Deps } from '../../platform/deps.js';
import type { Queryable } from '../../platform/db/database.js';
import type { NewDomainEvent } from '../../platform/bus/bus.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { eventSummary } from '../events/index.js';
import { guestStanding } from '../people/index.js';
import { eventKey } from './event-keys.js';
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

/** An event a store function caused, published by its caller once the transaction has committed. */
export type CausedEvent = Pick<NewDomainEvent, 'type' | 'payload'>;

/**
 * What issuing inside someone else's transaction needs ready beforehand: the event's signing key (made on first
 * use with a write of its own, which must not run inside the caller's transaction) and its last day.
 */
export interface Issuer {
  deps: Pick<Deps, 'db' | 'secret'>;
  eventId: number;
  expiresAt: Date;
}
export async function prepareIssuer(deps: Pick<Deps, 'db' | 'secret'>, eventId: number): Promise<Issuer> {
  await eventKey(deps, eventId);
  const event = await eventSummary(deps.db, eventId);
  if (!event) throw new Error(`no event ${eventId}`);
  const expiresAt = DateTime.fromISO(event.end_date, { zone: event.timezone }).plus({ days: 2 }).startOf('day').toUTC().toJSDate();
  return { deps, eventId, expiresAt };
}

/**
 * Issues a guest's badge credential in the transaction `trx`, valid until the day after the event ends. A guest
 * holds at most one current credential: issuing again revokes the previous one in the same transaction. The
 * guest must be approved with a category as `trx` sees them (a decision's own status write counts).
 */
export async function issueCredentialIn(
  trx: Queryable,
  issuer: Issuer,
  guestId: number,
  reason: string,
): Promise<Result<{ credential: IssuedCredential; events: CausedEvent[] }>> {
  const { eventId } = issuer;
  const guest = await guestStanding(trx, guestId);
  if (!guest || guest.eventId !== eventId) return refuse('not_found', 'guestId');
  if (guest.status !== 'approved') return refuse('guest_not_approved', 'guestId', { status: guest.status });
  if (guest.categoryId === null) return refuse('guest_without_category', 'guestId');
  const now = new Date();
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const replaced = await revokeCurrentIn(trx, guestId, reason, now);
  const row = await trx
    .insertInto('credentials')
    .values({ event_id: eventId, guest_id: guestId, payload: '', issued_at: issuedAt.toISOString(), expires_at: issuer.expiresAt.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const payload = await signCredential(issuer.deps, {
    eventId,
    credentialId: row.id,
    guestId,
    categoryId: guest.categoryId,
    issuedAt: issuedAt.getTime() / 1000,
    expiresAt: Math.floor(issuer.expiresAt.getTime() / 1000),
  });
  await trx.updateTable('credentials').set({ payload }).where('id', '=', row.id).execute();
  const credential = { credentialId: row.id, guestId, payload, issuedAt: issuedAt.toISOString(), expiresAt: issuer.expiresAt.toISOString(), replaced: replaced.ids[0] ?? null };
  return ok({ credential, events: [...replaced.events, { type: 'credential.issued', payload: { credentialId: row.id, guestId } }] });
}

/** Revokes every current credential of a guest in `trx` (a withdrawn accreditation); none is fine. */
export async function revokeCurrentIn(trx: Queryable, guestId: number, reason: string, at = new Date()): Promise<{ ids: number[]; events: CausedEvent[] }> {
  const current = await trx.selectFrom('credentials').select('id').where('guest_id', '=', guestId).where('revoked_at', 'is', null).orderBy('id').execute();
  const ids = current.map((c) => c.id);
  if (ids.length) await trx.updateTable('credentials').set({ revoked_at: at.toISOString(), revoke_reason: reason }).where('id', 'in', ids).execute();
  return { ids, events: ids.map((credentialId) => ({ type: 'credential.revoked', payload: { credentialId, guestId, reason } })) };
}

/**
 * Issues a guest's credential on its own (a reprint, the issue-missing sweep): one transaction with its events. Decisions that also change the guest issue through `issueCredentialIn` in their own transaction.
 */
export async function issueCredential(deps: Deps, actor: Actor, eventId: number, guestId: number, reason = 'reprint'): Promise<Result<IssuedCredential>> {
  const guest = await guestStanding(deps.db, guestId);
  if (!guest || guest.eventId !== eventId) return refuse('not_found', 'guestId');
  const issuer = await prepareIssuer(deps, eventId);
  const issued = await deps.db.transaction().execute(async (trx) => {
    const done = await issueCredentialIn(trx, issuer, guestId, reason);
    // the events commit with the credential (the outbox), delivered after the commit
    if (done.ok) for (const e of done.value.events) await deps.bus.publish({ ...e, eventId, actorUserId: actor.userId, requestId: actor.requestId }, { tx: trx });
    return done;
  });
  if (!issued.ok) return issued;
  await deps.bus.flush();
  return ok(issued.value.credential);
}

/** Revokes a guest's current credential without a replacement (lost badge, withdrawn accreditation). */
export async function revokeCredential(deps: Deps, actor: Actor, eventId: number, credentialId: number, reason: string): Promise<Result<{ credentialId: number }>> {
  const row = await deps.db.selectFrom('credentials').select(['id', 'event_id', 'guest_id', 'revoked_at']).where('id', '=', credentialId).executeTakeFirst();
  if (!row || row.event_id !== eventId) return refuse('not_found', 'credentialId');
  if (row.revoked_at !== null) return refuse('credential_already_revoked', 'credentialId');
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('credentials').set({ revoked_at: new Date().toISOString(), revoke_reason: reason }).where('id', '=', credentialId).execute();
    const event = { type: 'credential.revoked', payload: { credentialId, guestId: row.guest_id, reason }, eventId, actorUserId: actor.userId, requestId: actor.requestId };
    await deps.bus.publish(event, { tx: trx });
  });
  await deps.bus.flush();
  return ok({ credentialId });
}
