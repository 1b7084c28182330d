import type { z } from 'zod';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { latinName, sortKey } from '../../platform/i18n/transliterate.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { BoardInput, OrganisationInput, PersonInput } from './program.schema.js';
import { toSnapshotPerson } from './program.store.js';

type Board = z.infer<typeof BoardInput>;
type Organisation = z.infer<typeof OrganisationInput>;

export async function saveBoard(deps: Deps, actor: Actor, eventId: number, input: Partial<Board>, boardId: number | null) {
  if (input.code) {
    let q = deps.db.selectFrom('boards').select('id').where('event_id', '=', eventId).where('code', '=', input.code);
    if (boardId !== null) q = q.where('id', '!=', boardId);
    if (await q.executeTakeFirst()) return refuse('code_taken', 'code', { code: input.code });
  }
  const values = {
    ...(input.code !== undefined && { code: input.code }),
    ...(input.title !== undefined && { title_zh: input.title.zh, title_en: input.title.en }),
    ...(input.color !== undefined && { color: input.color }),
    ...(input.position !== undefined && { position: input.position }),
  };
  const row =
    boardId === null
      ? await deps.db
          .insertInto('boards')
          .values({ event_id: eventId, external_ref: null, code: input.code!, title_zh: input.title!.zh, title_en: input.title!.en, color: input.color ?? null, position: input.position ?? 0 })
          .returningAll()
          .executeTakeFirstOrThrow()
      : // event_id (fixed by the WHERE) keeps the SET non-empty, so an empty PATCH is a no-op, not an SQL error
        await deps.db.updateTable('boards').set({ ...values, event_id: eventId }).where('id', '=', boardId).where('event_id', '=', eventId).returningAll().executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: boardId === null ? 'board.created' : 'board.updated', payload: { boardId: row.id } });
  return ok({ id: row.id, code: row.code, title: { zh: row.title_zh, en: row.title_en }, color: row.color, position: row.position });
}

export async function saveOrganisation(deps: Deps, actor: Actor, eventId: number, input: Partial<Organisation>, orgId: number | null) {
  const row =
    orgId === null
      ? await deps.db
          .insertInto('organisations')
          .values({ event_id: eventId, external_ref: null, name_zh: input.name!.zh, name_en: input.name!.en, kind: input.kind!, country: input.country ?? null })
          .returningAll()
          .executeTakeFirstOrThrow()
      : await deps.db
          .updateTable('organisations')
          .set({
            event_id: eventId, // keeps the SET non-empty: an empty PATCH is a no-op
            ...(input.name && { name_zh: input.name.zh, name_en: input.name.en }),
            ...(input.kind && { kind: input.kind }),
            ...(input.country !== undefined && { country: input.country }),
          })
          .where('id', '=', orgId)
          .where('event_id', '=', eventId)
          .returningAll()
          .executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: orgId === null ? 'organisation.created' : 'organisation.updated', payload: { organisationId: row.id } });
  return ok({ id: row.id, name: { zh: row.name_zh, en: row.name_en }, kind: row.kind as Organisation['kind'], country: row.country });
}

export async function savePerson(deps: Deps, actor: Actor, eventId: number, input: Partial<PersonInput>, personId: number | null) {
  const latin = input.nameLatin ?? (input.name !== undefined ? latinName(input.name) : undefined);
  const columns = {
    ...(input.name !== undefined && { name: input.name }),
    ...(latin !== undefined && { name_latin: latin, sort_key: sortKey(latin) }),
    ...(input.organisation !== undefined && { organisation: input.organisation }),
    ...(input.title !== undefined && { title_zh: input.title?.zh ?? null, title_en: input.title?.en ?? null }),
    ...(input.bio !== undefined && { bio_zh: input.bio?.zh ?? null, bio_en: input.bio?.en ?? null }),
    ...(input.photoUrl !== undefined && { photo_url: input.photoUrl }),
    ...(input.email !== undefined && { email: input.email }),
    updated_at: nowIso(),
  };
  const row =
    personId === null
      ? await deps.db
          .insertInto('people')
          .values({
            event_id: eventId,
            external_ref: null,
            name: input.name!,
            name_latin: latin!,
            sort_key: sortKey(latin!),
            organisation: input.organisation ?? null,
            title_zh: input.title?.zh ?? null,
            title_en: input.title?.en ?? null,
            bio_zh: input.bio?.zh ?? null,
            bio_en: input.bio?.en ?? null,
            photo_url: input.photoUrl ?? null,
            email: input.email ?? null,
            user_id: null,
            created_at: nowIso(),
            updated_at: nowIso(),
          })
          .returningAll()
          .executeTakeFirstOrThrow()
      : await deps.db.updateTable('people').set(columns).where('id', '=', personId).where('event_id', '=', eventId).returningAll().executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: personId === null ? 'person.created' : 'person.updated', payload: { personId: row.id } });
  return ok({ ...toSnapshotPerson(row), email: row.email });
}

export async function deletePerson(deps: Deps, actor: Actor, eventId: number, personId: number): Promise<Result<{ id: number }>> {
  const used = await deps.db
    .selectFrom('session_people')
    .innerJoin('sessions', 'sessions.id', 'session_people.session_id')
    .select('session_people.session_id')
    .where('session_people.person_id', '=', personId)
    .where('sessions.event_id', '=', eventId)
    .executeTakeFirst();
  if (used) return refuse('in_use', 'id');
  const res = await deps.db.deleteFrom('people').where('id', '=', personId).where('event_id', '=', eventId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return refuse('not_found', 'id');
  await emit(deps, actor, eventId, { type: 'person.deleted', payload: { personId } });
  return ok({ id: personId });
}
