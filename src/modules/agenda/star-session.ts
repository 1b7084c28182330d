import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { overlappingPairs, programmeForViewer } from '../program/index.js';
import type { AgendaView } from './agenda.schema.js';

type Guest = Actor & { userId: number };
type Visible = Extract<Awaited<ReturnType<typeof programmeForViewer>>, { ok: true }>['value'];

/** A guest's starred sessions from the published programme, each with the starred sessions it overlaps. */
export async function myAgenda(deps: Deps, actor: Guest, eventId: number): Promise<Result<AgendaView>> {
  const res = await programmeForViewer(deps, eventId, actor);
  return res.ok ? ok(await agendaOf(deps, actor.userId, eventId, res.value)) : res;
}

async function agendaOf(deps: Deps, userId: number, eventId: number, visible: Visible): Promise<AgendaView> {
  const stars = await deps.db.selectFrom('agenda_stars').select('session_id').where('user_id', '=', userId).where('event_id', '=', eventId).execute();
  const starred = new Set(stars.map((s) => s.session_id));
  const sessions = visible.snap.sessions.filter((s) => starred.has(s.id));
  const overlaps = new Map<number, number[]>();
  const pairs = overlappingPairs(sessions);
  for (const [a, b] of pairs) {
    overlaps.set(a.id, [...(overlaps.get(a.id) ?? []), b.id]);
    overlaps.set(b.id, [...(overlaps.get(b.id) ?? []), a.id]);
  }
  return {
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
    starsVersion: visible.snap.version,
  };
}

/** Stars or unstars a session (idempotent) and answers the agenda; the programme is read once for both. */
export async function starSession(deps: Deps, actor: Guest, eventId: number, sessionId: number, starred: boolean): Promise<Result<AgendaView>> {
  const res = await programmeForViewer(deps, eventId, actor);
  if (!res.ok) return res;
  if (starred) {
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
  return ok(await agendaOf(deps, actor.userId, eventId, res.value));
}
