import type { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { createFileStore, type StoredFile } from '../../platform/files/file-store.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { PassageQuery, PassageView } from './vehicles.schema.js';
import { passageView } from './vehicles.store.js';

/** The passage log, newest first; `since` returns what was seen (or seen again) after an instant, for polling. */
export async function listPassages(deps: Pick<Deps, 'db'>, eventId: number, query: z.output<typeof PassageQuery> & { id?: number }): Promise<Result<PassageView[]>> {
  let q = deps.db
    .selectFrom('vehicle_passages')
    .innerJoin('cameras', 'cameras.id', 'vehicle_passages.camera_id')
    .selectAll('vehicle_passages')
    .select('cameras.code as camera')
    .where('vehicle_passages.event_id', '=', eventId);
  if (query.id !== undefined) q = q.where('vehicle_passages.id', '=', query.id);
  if (query.camera !== undefined) q = q.where('cameras.code', '=', query.camera);
  if (query.decision !== undefined) q = q.where('vehicle_passages.decision', '=', query.decision);
  if (query.since !== undefined) q = q.where('vehicle_passages.last_seen_at', '>', new Date(query.since).toISOString());
  const rows = await q.orderBy('vehicle_passages.last_seen_at', 'desc').orderBy('vehicle_passages.id', 'desc').limit(query.limit).execute();
  return ok(rows.map(passageView));
}

/** The n-th image of a passage of this event, from the file store. */
export async function openPassageImage(deps: Deps, eventId: number, id: number, n: number): Promise<Result<StoredFile>> {
  const row = await deps.db.selectFrom('vehicle_passages').select('image_keys').where('id', '=', id).where('event_id', '=', eventId).executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  const key = (JSON.parse(row.image_keys) as string[])[n];
  const file = key === undefined ? null : await createFileStore(deps.config.filesDir).open(key);
  return file ? ok(file) : refuse('not_found', 'n');
}
