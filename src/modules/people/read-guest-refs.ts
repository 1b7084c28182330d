import type { Queryable } from '../../platform/db/database.js';

/** Reads of guests for the modules above people that refer to them by id (logistics: who calls a cart, whom a driver picks up). */

/** The guest record of an account in an event, if it has one. */
export async function guestIdOfUser(q: Queryable, eventId: number, userId: number): Promise<number | null> {
  const row = await q.selectFrom('guests').select('id').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the guest belongs to the event. */
export async function isGuestOfEvent(q: Queryable, eventId: number, guestId: number): Promise<boolean> {
  const row = await q.selectFrom('guests').select('id').where('event_id', '=', eventId).where('id', '=', guestId).executeTakeFirst();
  return row !== undefined;
}

/** The names of these guests, by id (an unknown id is left out). */
export async function guestNames(q: Queryable, guestIds: readonly number[]): Promise<Map<number, string>> {
  if (!guestIds.length) return new Map();
  const rows = await q.selectFrom('guests').select(['id', 'name']).where('id', 'in', [...guestIds]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
