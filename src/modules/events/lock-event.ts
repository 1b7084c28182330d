import type { Dialect, Tx } from '../../platform/db/database.js';

/**
 * Holds the event's row until `trx` ends, so that writers above the events module (a programme publication)
 * serialise per event. SQLite serialises write transactions already; PostgreSQL locks the row.
 */
export async function lockEvent(trx: Tx, dialect: Dialect, eventId: number): Promise<void> {
  if (dialect === 'postgres') await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
}
