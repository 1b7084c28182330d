import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { createFileStore } from '../../platform/files/file-store.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { forgetFaceIndex } from './event-face-index.js';

export interface ShredCounts {
  enrolments: number;
  photos: number;
}

/**
 * The shredder: once the event has ended (the day after its end date, UTC), deletes every face enrolment and
 * every guest photo of the event (the files and the guests' photo_key), and keeps only the counts, in the audit
 * log. Before the end it refuses with `face_event_running` unless forced by an organiser.
 */
export async function shredFaces(deps: Deps, actor: Actor, eventId: number, opts: { force?: boolean; today?: string } = {}): Promise<Result<ShredCounts>> {
  const event = await deps.db.selectFrom('events').select(['id', 'end_date']).where('id', '=', eventId).executeTakeFirst();
  if (!event) return refuse('not_found', 'slug');
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  if (event.end_date >= today && !opts.force) return refuse('face_event_running', 'force', { end: event.end_date });

  const files = createFileStore(deps.config.filesDir);
  const { enrolments, keys } = await deps.db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('face_enrolments').where('event_id', '=', eventId).returning('id').execute();
    const photos = await trx.selectFrom('guests').select(['id', 'photo_key']).where('event_id', '=', eventId).where('photo_key', 'is not', null).execute();
    if (photos.length > 0) await trx.updateTable('guests').set({ photo_key: null }).where('event_id', '=', eventId).where('photo_key', 'is not', null).execute();
    return { enrolments: gone.length, keys: photos.map((p) => p.photo_key!) };
  });
  forgetFaceIndex(eventId);
  // the rows point nowhere any more; the files go after the commit
  for (const key of keys) await files.remove(key);
  const counts = { enrolments, photos: keys.length };
  await emit(deps, actor, eventId, { type: 'face.shredded', payload: { ...counts, forced: event.end_date >= today } });
  return ok(counts);
}
