import type { Queryable } from '../../platform/db/database.js';

/** The event's time zone (IANA name), for the modules above events that keep local hours (carts' shifts); throws for an unknown event. */
export async function eventTimezone(q: Queryable, eventId: number): Promise<string> {
  const row = await q.selectFrom('events').select('timezone').where('id', '=', eventId).executeTakeFirstOrThrow();
  return row.timezone;
}
