import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { PrivacyRegistry, todayUtc } from '../../platform/privacy/registry.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { eventSummary } from '../events/index.js';
import { facesPrivacy } from './faces.privacy.js';

export interface ShredCounts {
  enrolments: number;
  photos: number;
}

/**
 * The face shredder, through the privacy registry with the faces registrant alone: once the event has ended (the
 * day after its end date, UTC), deletes every face enrolment and every guest photo of the event (the files and the
 * guests' photo_key), and keeps only the counts, in the audit log. Before the end it refuses with
 * `face_event_running` unless forced by an organiser.
 */
export async function shredFaces(deps: Deps, actor: Actor, eventId: number, opts: { force?: boolean; today?: string } = {}): Promise<Result<ShredCounts>> {
  const event = await eventSummary(deps.db, eventId);
  if (!event) return refuse('not_found', 'slug');
  const policy = { today: opts.today ?? todayUtc(), force: opts.force === true };
  const res = await new PrivacyRegistry([facesPrivacy]).shredEvent(deps, actor, { id: event.id, slug: event.slug, endDate: event.end_date }, policy);
  if (!res.ok) return res.code === 'privacy_event_running' ? refuse('face_event_running', 'force', res.params) : res;
  const removed = res.value.modules['faces']?.removed ?? {};
  const counts = { enrolments: removed['enrolments'] ?? 0, photos: removed['photos'] ?? 0 };
  await emit(deps, actor, eventId, { type: 'face.shredded', payload: { ...counts, forced: res.value.forced } });
  return ok(counts);
}
