import type { Actor, Deps } from '../../platform/deps.js';
import { editableBoards } from '../../platform/auth/permissions.js';
import { ok, type Result } from '../../platform/result.js';
import { programmeForViewer } from '../program/index.js';
import type { SessionStars } from './agenda.schema.js';

/**
 * How many guests starred each session of the published programme: every session for organisers, their boards'
 * sessions for board chairs. Most starred first, then by code. Before publication nobody can star anything, so
 * the list is empty rather than a refusal: the console overview asks for it on every event.
 */
export async function countStars(deps: Deps, actor: Actor, eventId: number): Promise<Result<SessionStars[]>> {
  const boards = editableBoards(actor.grants, eventId);
  if (boards !== null && boards.size === 0) return ok([]);
  const programme = await programmeForViewer(deps, eventId, actor);
  if (!programme.ok) return ok([]);
  const sessions = programme.value.snap.sessions.filter((s) => boards === null || (s.boardId !== null && boards.has(s.boardId)));
  if (sessions.length === 0) return ok([]);

  // One grouped query over the event's stars; only the sessions listed above are answered, so a star of another
  // event's session or of a session no longer published counts for nothing (a deleted session's stars cascade away).
  const counts = new Map(
    (
      await deps.db
        .selectFrom('agenda_stars')
        .select(['session_id as sessionId', (eb) => eb.fn.countAll<number | string | bigint>().as('stars')])
        .where('event_id', '=', eventId)
        .groupBy('session_id')
        .execute()
    ).map((r) => [r.sessionId, Number(r.stars)]),
  );

  const rows = sessions.map((s) => ({ sessionId: s.id, code: s.code, title: s.title, stars: counts.get(s.id) ?? 0 }));
  rows.sort((a, b) => b.stars - a.stars || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return ok(rows);
}
