import type { Queryable } from '../../platform/db/database.js';

/** Reads of sessions for the modules above the programme that guard rooms (access: the gate bundle, occupancy). */

export interface RoomSessionRow {
  id: number;
  code: string;
  kind: string;
  title_zh: string;
  title_en: string;
  room_id: number;
  starts_at: string;
  ends_at: string;
}

/** The event's sessions held in these rooms, by start (then id). */
export async function sessionsInRooms(q: Queryable, eventId: number, roomIds: readonly number[]): Promise<RoomSessionRow[]> {
  if (roomIds.length === 0) return [];
  return q
    .selectFrom('sessions')
    .select(['id', 'code', 'kind', 'title_zh', 'title_en', 'room_id', 'starts_at', 'ends_at'])
    .where('event_id', '=', eventId)
    .where('room_id', 'in', [...new Set(roomIds)])
    .orderBy('starts_at')
    .orderBy('id')
    .$narrowType<{ room_id: number }>()
    .execute();
}

/** Who is invited to each of the event's sessions (closed-door sessions admit only them), as user ids. */
export async function sessionInvitationsOf(q: Queryable, eventId: number): Promise<Array<{ session_id: number; user_id: number }>> {
  return q
    .selectFrom('session_invitations')
    .innerJoin('sessions', 'sessions.id', 'session_invitations.session_id')
    .select(['session_invitations.session_id', 'session_invitations.user_id'])
    .where('sessions.event_id', '=', eventId)
    .execute();
}
