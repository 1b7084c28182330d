import type { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ok, type Result } from '../../platform/result.js';
import type { PassageQuery, PassageView } from './vehicles.schema.js';
import { passageView } from './vehicles.store.js';

/** The passage log, newest first; `since` returns what was seen (or seen again) after an instant, for polling. */
export async function listPassages(deps: Deps, eventId: number, query: z.output<typeof PassageQuery>): Promise<Result<PassageView[]>> {
  let q = deps.db
    .selectFrom('vehicle_passages')
    .innerJoin('cameras', 'cameras.id', 'vehicle_passages.camera_id')
    .selectAll('vehicle_passages')
    .select('cameras.code as camera')
    .where('vehicle_passages.event_id', '=', eventId);
  if (query.camera !== undefined) q = q.where('cameras.code', '=', query.camera);
  if (query.decision !== undefined) q = q.where('vehicle_passages.decision', '=', query.decision);
  if (query.since !== undefined) q = q.where('vehicle_passages.last_seen_at', '>', new Date(query.since).toISOString());
  const rows = await q.orderBy('vehicle_passages.last_seen_at', 'desc').orderBy('vehicle_passages.id', 'desc').limit(query.limit).execute();
  return ok(rows.map(passageView));
}
