import { randomUUID } from 'node:crypto';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { editableBoards } from '../../platform/auth/permissions.js';
import { nowIso, toJson } from '../../platform/db/database.js';
import { placeEvent, type EventRow } from '../events/index.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import { eventWindow, findConflicts } from './find-conflicts.js';
import type { SessionInput, SessionPatch, SessionView } from './program.schema.js';
import { loadDraft, loadLinks, toSnapshotSession } from './program.store.js';

type Merged = Omit<SessionInput, 'description'> & { description: { zh: string; en: string } };

/** Refuses ids that do not exist or belong to another event, naming the field. */
async function checkReferences(deps: Deps, event: EventRow, s: Merged): Promise<Refusal | null> {
  const one = async (table: 'boards' | 'rooms', id: number | null | undefined, field: string) => {
    if (id == null) return null;
    // a room is the events module's (its read), a board the programme's own
    const owner = table === 'rooms' ? await placeEvent(deps.db, 'rooms', id) : (await deps.db.selectFrom('boards').select('event_id').where('id', '=', id).executeTakeFirst())?.event_id;
    if (owner === undefined) return refuse('not_found', field);
    return owner === event.id ? null : refuse('wrong_event', field);
  };
  const many = async (table: 'people' | 'organisations' | 'users', ids: number[], field: string) => {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return null;
    // An invited account must hold a role in this event (or installation-wide); others are of another event.
    const rows =
      table === 'users'
        ? await deps.db
            .selectFrom('users')
            .leftJoin('role_grants', (j) => j.onRef('role_grants.user_id', '=', 'users.id').on((eb) => eb.or([eb('role_grants.event_id', '=', event.id), eb('role_grants.event_id', 'is', null)])))
            .select(['users.id as id', 'role_grants.id as grant'])
            .where('users.id', 'in', unique)
            .execute()
        : await deps.db.selectFrom(table).select(['id', 'event_id']).where('id', 'in', unique).execute();
    const found = new Map<number, number | null>();
    for (const r of rows) {
      const eventOfRow = 'event_id' in r ? r.event_id : r.grant !== null ? event.id : null;
      if (found.get(r.id) !== event.id) found.set(r.id, eventOfRow);
    }
    for (const [i, id] of ids.entries()) {
      if (!found.has(id)) return refuse('not_found', `${field}.${i}`);
      if (found.get(id) !== event.id) return refuse('wrong_event', `${field}.${i}`);
    }
    return null;
  };
  return (
    (await one('boards', s.boardId, 'boardId')) ??
    (await one('rooms', s.roomId, 'roomId')) ??
    (await many('people', s.people.map((p) => p.personId), 'people')) ??
    (await many('organisations', s.hostOrganisationIds, 'hostOrganisationIds')) ??
    (await many('users', s.invitedUserIds, 'invitedUserIds'))
  );
}

export function checkTimes(event: EventRow, s: Pick<Merged, 'startsAt' | 'endsAt'>): Refusal | null {
  if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) return refuse('ends_before_start', 'endsAt');
  const w = eventWindow({ startDate: event.start_date, endDate: event.end_date, timezone: event.timezone });
  const params = { start: event.start_date, end: event.end_date };
  if (Date.parse(s.startsAt) < Date.parse(w.start)) return refuse('outside_event', 'startsAt', params);
  if (Date.parse(s.endsAt) > Date.parse(w.end)) return refuse('outside_event', 'endsAt', params);
  return null;
}

/** A board chair may touch only sessions of their boards, before and after the change. */
export function checkScope(actor: Actor, eventId: number, boards: Array<number | null | undefined>): Refusal | null {
  const allowed = editableBoards(actor.grants, eventId);
  if (allowed === null) return null;
  return boards.every((b) => b != null && allowed.has(b)) ? null : refuse('board_scope', 'boardId');
}

export async function sessionView(deps: Deps, event: EventRow, sessionId: number): Promise<SessionView | null> {
  const row = await deps.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).where('event_id', '=', event.id).executeTakeFirst();
  if (!row) return null;
  const links = await loadLinks(deps.db, event.id, [row.id]);
  const invited = await deps.db.selectFrom('session_invitations').select('user_id').where('session_id', '=', row.id).execute();
  const draft = await loadDraft(deps.db, event);
  const conflicts = findConflicts({ event: draft.event, rooms: draft.rooms, sessions: draft.sessions }).filter((c) => c.sessionIds.includes(row.id));
  return {
    ...toSnapshotSession(row, links.people, links.hosts),
    revision: row.revision,
    updatedAt: row.updated_at,
    invitedUserIds: invited.map((i) => i.user_id),
    conflicts,
  };
}

async function write(deps: Deps, event: EventRow, s: Merged, existingId: number | null): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const columns = {
      code: s.code,
      kind: s.kind,
      board_id: s.boardId ?? null,
      title_zh: s.title.zh,
      title_en: s.title.en,
      description_zh: s.description.zh,
      description_en: s.description.en,
      languages: toJson(s.languages),
      interpretation: toJson(s.interpretation),
      room_id: s.roomId ?? null,
      starts_at: new Date(s.startsAt).toISOString(),
      ends_at: new Date(s.endsAt).toISOString(),
      expected_audience: s.expectedAudience ?? null,
      updated_at: nowIso(),
    };
    let id: number;
    if (existingId === null) {
      const row = await trx
        .insertInto('sessions')
        .values({ ...columns, event_id: event.id, external_ref: null, guid: randomUUID(), revision: 1, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    } else {
      id = existingId;
      await trx.updateTable('sessions').set((eb) => ({ ...columns, revision: eb('revision', '+', 1) })).where('id', '=', id).execute();
      await trx.deleteFrom('session_people').where('session_id', '=', id).execute();
      await trx.deleteFrom('session_hosts').where('session_id', '=', id).execute();
      await trx.deleteFrom('session_invitations').where('session_id', '=', id).execute();
    }
    const seen = new Set<string>();
    const people = s.people.filter((p) => !seen.has(`${p.personId}:${p.role}`) && seen.add(`${p.personId}:${p.role}`));
    if (people.length) {
      await trx.insertInto('session_people').values(people.map((p, position) => ({ session_id: id, person_id: p.personId, role: p.role, position }))).execute();
    }
    const hosts = [...new Set(s.hostOrganisationIds)];
    if (hosts.length) await trx.insertInto('session_hosts').values(hosts.map((o) => ({ session_id: id, organisation_id: o }))).execute();
    const invited = [...new Set(s.invitedUserIds)];
    if (invited.length) await trx.insertInto('session_invitations').values(invited.map((u) => ({ session_id: id, user_id: u }))).execute();
    return id;
  });
}

async function codeTaken(deps: Deps, eventId: number, code: string, exceptId: number | null) {
  let q = deps.db.selectFrom('sessions').select('id').where('event_id', '=', eventId).where('code', '=', code);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return !!(await q.executeTakeFirst());
}

export async function createSession(deps: Deps, actor: Actor, event: EventRow, input: SessionInput): Promise<Result<SessionView>> {
  const merged: Merged = { ...input, description: input.description ?? { zh: '', en: '' } };
  const bad = checkScope(actor, event.id, [merged.boardId]) ?? checkTimes(event, merged) ?? (await checkReferences(deps, event, merged));
  if (bad) return bad;
  if (await codeTaken(deps, event.id, merged.code, null)) return refuse('code_taken', 'code', { code: merged.code });
  const id = await write(deps, event, merged, null);
  const view = (await sessionView(deps, event, id))!;
  await emit(deps, actor, event.id, { type: 'session.created', payload: { sessionId: id, code: view.code, conflicts: view.conflicts.length } });
  return ok(view);
}

export async function updateSession(deps: Deps, actor: Actor, event: EventRow, sessionId: number, patch: SessionPatch): Promise<Result<SessionView>> {
  const current = await sessionView(deps, event, sessionId);
  if (!current) return refuse('not_found', 'id');
  const merged: Merged = {
    code: patch.code ?? current.code,
    kind: patch.kind ?? current.kind,
    boardId: patch.boardId !== undefined ? patch.boardId : current.boardId,
    title: patch.title ?? current.title,
    description: patch.description ?? current.description,
    languages: patch.languages ?? current.languages,
    interpretation: patch.interpretation ?? current.interpretation,
    roomId: patch.roomId !== undefined ? patch.roomId : current.roomId,
    startsAt: patch.startsAt ?? current.startsAt,
    endsAt: patch.endsAt ?? current.endsAt,
    expectedAudience: patch.expectedAudience !== undefined ? patch.expectedAudience : current.expectedAudience,
    people: patch.people ?? current.people,
    hostOrganisationIds: patch.hostOrganisationIds ?? current.hostOrganisationIds,
    invitedUserIds: patch.invitedUserIds ?? current.invitedUserIds,
  };
  const bad = checkScope(actor, event.id, [current.boardId, merged.boardId]) ?? checkTimes(event, merged) ?? (await checkReferences(deps, event, merged));
  if (bad) return bad;
  if (patch.code && (await codeTaken(deps, event.id, patch.code, sessionId))) return refuse('code_taken', 'code', { code: patch.code });
  await write(deps, event, merged, sessionId);
  const view = (await sessionView(deps, event, sessionId))!;
  await emit(deps, actor, event.id, { type: 'session.updated', payload: { sessionId, fields: Object.keys(patch), conflicts: view.conflicts.length } });
  return ok(view);
}

export async function deleteSession(deps: Deps, actor: Actor, event: EventRow, sessionId: number): Promise<Result<{ id: number }>> {
  const current = await deps.db.selectFrom('sessions').select(['id', 'board_id', 'code']).where('id', '=', sessionId).where('event_id', '=', event.id).executeTakeFirst();
  if (!current) return refuse('not_found', 'id');
  const bad = checkScope(actor, event.id, [current.board_id]);
  if (bad) return bad;
  await deps.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  await emit(deps, actor, event.id, { type: 'session.deleted', payload: { sessionId, code: current.code } });
  return ok({ id: sessionId });
}
