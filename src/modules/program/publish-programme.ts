import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { fromJson, nowIso, toJson } from '../../platform/db/database.js';
import { type EventRow, lockEvent } from '../events/index.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { ChangeEntry, ProgrammeSnapshot, SnapshotSession } from './program.schema.js';
import { loadDraft } from './program.store.js';

function changedFields(a: SnapshotSession, b: SnapshotSession, before: ProgrammeSnapshot, after: ProgrammeSnapshot): string[] {
  const fields: string[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (!same(a.title, b.title)) fields.push('title');
  if (!same(a.description, b.description)) fields.push('description');
  if (a.startsAt !== b.startsAt || a.endsAt !== b.endsAt) fields.push('time');
  if (a.roomId !== b.roomId) fields.push('room');
  if (a.kind !== b.kind) fields.push('kind');
  if (a.boardId !== b.boardId) fields.push('board');
  if (!same(a.languages, b.languages) || !same(a.interpretation, b.interpretation)) fields.push('languages');
  const names = (s: SnapshotSession, snap: ProgrammeSnapshot) =>
    s.people.map((p) => `${p.role}:${snap.people.find((x) => x.id === p.personId)?.name ?? p.personId}`);
  if (!same(names(a, before), names(b, after))) fields.push('people');
  if (!same(a.hostOrganisationIds, b.hostOrganisationIds)) fields.push('hosts');
  if (a.code !== b.code) fields.push('code');
  return fields;
}

/** What changed between two publications, session by session, in programme order. */
export function diffProgrammes(before: ProgrammeSnapshot | null, after: ProgrammeSnapshot): ChangeEntry[] {
  const old = new Map((before?.sessions ?? []).map((s) => [s.id, s]));
  const changes: ChangeEntry[] = [];
  for (const s of after.sessions) {
    const prev = old.get(s.id);
    old.delete(s.id);
    if (!prev) changes.push({ change: 'added', sessionId: s.id, code: s.code, title: s.title, fields: [] });
    else {
      const fields = changedFields(prev, s, before!, after);
      if (fields.length) changes.push({ change: 'changed', sessionId: s.id, code: s.code, title: s.title, fields });
    }
  }
  for (const s of old.values()) changes.push({ change: 'removed', sessionId: s.id, code: s.code, title: s.title, fields: [] });
  return changes;
}

export async function latestPublication(deps: Pick<Deps, 'db'>, eventId: number) {
  return deps.db
    .selectFrom('publications')
    .select(['version', 'published_at', 'published_by', 'snapshot', 'changelog'])
    .where('event_id', '=', eventId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Freezes the draft as the next published version, with the changelog against the previous one. */
export async function publishProgramme(
  deps: Deps,
  actor: Actor,
  event: EventRow,
): Promise<Result<{ version: number; publishedAt: string; changes: ChangeEntry[] }>> {
  const draft = await loadDraft(deps.db, event);
  if (draft.sessions.length === 0) return refuse('nothing_to_publish');
  const result = await deps.db.transaction().execute(async (trx) => {
    // Two organisers publishing at once must get versions n and n+1, not a unique-key error.
    await lockEvent(trx, deps.dialect, event.id);
    const previous = await latestPublication({ db: trx }, event.id);
    const before = previous ? fromJson<ProgrammeSnapshot | null>(previous.snapshot, null) : null;
    const snapshot: ProgrammeSnapshot = { ...draft, version: (previous?.version ?? 0) + 1, publishedAt: nowIso() };
    const changes = diffProgrammes(before, snapshot);
    await trx
      .insertInto('publications')
      .values({
        event_id: event.id,
        version: snapshot.version,
        published_at: snapshot.publishedAt,
        published_by: actor.userId,
        snapshot: toJson(snapshot),
        changelog: toJson(changes),
      })
      .execute();
    // written with the publication: it is announced (and audited) if and only if it commits
    await emit(deps, actor, event.id, { type: 'programme.published', payload: { version: snapshot.version, changes: changes.length } }, { tx: trx });
    return { version: snapshot.version, publishedAt: snapshot.publishedAt, changes };
  });
  // this instance's caches of the published programme are dropped by the push: done before answering
  await deps.bus.flush();
  return ok(result);
}
