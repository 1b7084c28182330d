import type { Actor, Deps } from '../../platform/deps.js';
import type { EventRow } from '../events/index.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { findConflicts } from './find-conflicts.js';
import type { Conflict, SessionPatch } from './program.schema.js';
import { loadDraft } from './program.store.js';
import { checkScope, checkTimes } from './save-session.js';

/** The id a session not yet saved has in a preview's conflicts. */
export const UNSAVED = 0;

/**
 * The conflicts a session would have if saved as given, without saving: what the editor shows while the
 * organiser types. `id` names the session being edited (its other fields fill in what the draft omits);
 * without it the draft is a new session, id 0 in the answer.
 */
export async function checkSession(deps: Deps, actor: Actor, event: EventRow, draft: SessionPatch & { id?: number | undefined }): Promise<Result<{ conflicts: Conflict[] }>> {
  const programme = await loadDraft(deps.db, event);
  const current = draft.id !== undefined ? programme.sessions.find((s) => s.id === draft.id) : undefined;
  if (draft.id !== undefined && !current) return refuse('not_found', 'id');
  const boardId = draft.boardId !== undefined ? draft.boardId : (current?.boardId ?? null);
  const scope = checkScope(actor, event.id, current ? [current.boardId, boardId] : [boardId]);
  if (scope) return scope;
  const startsAt = draft.startsAt ?? current?.startsAt;
  const endsAt = draft.endsAt ?? current?.endsAt;
  if (!startsAt || !endsAt) return ok({ conflicts: [] });
  const times = checkTimes(event, { startsAt, endsAt });
  if (times) return times;
  const id = current?.id ?? UNSAVED;
  const candidate = {
    id,
    roomId: draft.roomId !== undefined ? draft.roomId : (current?.roomId ?? null),
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    expectedAudience: draft.expectedAudience !== undefined ? draft.expectedAudience : (current?.expectedAudience ?? null),
    people: draft.people ?? current?.people ?? [],
  };
  const sessions = [...programme.sessions.filter((s) => s.id !== id), candidate];
  const conflicts = findConflicts({ event: programme.event, rooms: programme.rooms, sessions }).filter((c) => c.sessionIds.includes(id));
  return ok({ conflicts });
}
