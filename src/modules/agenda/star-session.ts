import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { overlappingPairs, programmeForViewer } from '../program/index.js';
import type { AgendaView } from './agenda.schema.js';

/** A guest's starred sessions from the published programme, each with the starred sessions it overlaps. */
export async function myAgenda(deps: Deps, actor: Actor & { userId: number }, eventId: number): Promise<Result<AgendaView>> {
  const res = await programmeForViewer(deps, eventId, actor);
  if (!res.ok) return res;
  const stars = await deps.db.selectFrom('agenda_stars').select('session_id').where('user_id', '=', actor.userId).where('event_id', '=', eventId).execute();
  const starred = new Set(stars.map((s) => s.session_id));
  const sessions = res.value.snap.sessions.filter((s) => starred.has(s.id));
  const overlaps = new Map<number, number[]>();
  const pairs = overlappingPairs(sessions);
  for (const [a, b] of pairs) {
    overlaps.set(a.id, [...(overlaps.get(a.id) ?? []), b.id]);
    overlaps.set(b.id, [...(overlaps.get(b.id) ?? []), a.id]);
  }
  return ok({
    items: sessions.map((s) => ({
      sessionId: s.id,
      code: s.code,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      roomId: s.roomId,
      overlapsWith: overlaps.get(s.id) ?? [],
    })),
    overlaps: pairs.length,
    starsVersion: res.value.snap.version,
  });
}

export async function starSession(deps: Deps, actor: Actor & { userId: number }, eventId: number, sessionId: number, starred: boolean): Promise<Result<AgendaView>> {
  if (starred) {
    const res = await programmeForViewer(deps, eventId, actor);
    if (!res.ok) return res;
    // Only sessions this guest can see in the published programme can be starred (closed-door included).
    if (!res.value.snap.sessions.some((s) => s.id === sessionId)) return refuse('not_found', 'sessionId');
    const inserted = await deps.db
      .insertInto('agenda_stars')
      .values({ user_id: actor.userId, session_id: sessionId, event_id: eventId, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'session_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await emit(deps, actor, eventId, { type: 'agenda.starred', payload: { sessionId } });
  } else {
    const deleted = await deps.db
      .deleteFrom('agenda_stars')
      .where('user_id', '=', actor.userId)
      .where('session_id', '=', sessionId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) > 0) await emit(deps, actor, eventId, { type: 'agenda.unstarred', payload: { sessionId } });
  }
  return myAgenda(deps, actor, eventId);
}
