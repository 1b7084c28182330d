import { SYSTEM, type Deps } from '../platform/deps.js';
import { refuse, type Result } from '../platform/result.js';
import { shredFaces, type ShredCounts } from '../modules/faces/index.js';

/**
 * `huiwu faces shred --event <slug> [--force]`: every face enrolment and guest photo of an ended event deleted,
 * only the counts kept (and audited as face.shredded); before the event's end only with --force.
 */
export async function shredEventFaces(deps: Deps, slug: string, force: boolean): Promise<Result<ShredCounts>> {
  const event = await deps.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!event) return refuse('not_found', 'event');
  return shredFaces(deps, SYSTEM, event.id, { force });
}
