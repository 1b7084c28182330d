import type { Queryable } from '../../platform/db/database.js';
import { sessionIdsOfBoard } from '../program/index.js';

/**
 * The enabled accounts that starred a session, or any session of a board, of the event: the audiences "this
 * session" and "this board" of the notices above agenda (ADR 0013). Takes the caller's connection or transaction
 * (a notice's deliveries are written in the transaction that publishes it).
 */
export async function starrersOf(q: Queryable, eventId: number, of: { sessionId: number } | { boardId: number }): Promise<number[]> {
  const sessionIds = 'sessionId' in of ? [of.sessionId] : await sessionIdsOfBoard(q, eventId, of.boardId);
  if (sessionIds.length === 0) return [];
  const rows = await q
    .selectFrom('agenda_stars')
    .innerJoin('users', 'users.id', 'agenda_stars.user_id')
    .select('agenda_stars.user_id as id')
    .distinct()
    .where('agenda_stars.event_id', '=', eventId)
    .where('agenda_stars.session_id', 'in', sessionIds)
    .where('users.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id);
}
