import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { markBadgeCollected } from '../people/index.js';
import type { HandOutResult } from './desk.schema.js';
import { deskGuest } from './find-at-desk.js';

/**
 * Records that the desk handed a guest their badge after checking the face against the photo. The first pickup
 * is the one that counts: a second hand-out changes nothing and answers the original time, coded
 * `already_collected`, so a double tap or a second desk cannot move it.
 */
export async function handOutBadge(
  deps: Deps,
  actor: Actor,
  slug: string,
  eventId: number,
  guestId: number,
): Promise<Result<HandOutResult>> {
  const guest = await deskGuest(deps, slug, eventId, guestId);
  if (!guest) return refuse('not_found', 'id');
  if (guest.badgeCollectedAt) return ok({ code: 'already_collected', badgeCollectedAt: guest.badgeCollectedAt, guest });
  if (guest.status !== 'approved') return refuse('badge_guest_not_approved', 'id', { status: guest.status });
  if (!guest.credentialCurrent) return refuse('badge_no_credential', 'id');
  const at = new Date().toISOString();
  // conditional: of two desks handing out at once, one sets the time and the other reads it
  const updated = await markBadgeCollected(deps.db, eventId, guestId, at);
  const after = (await deskGuest(deps, slug, eventId, guestId))!;
  if (!updated)
    return ok({ code: 'already_collected', badgeCollectedAt: after.badgeCollectedAt!, guest: after });
  await emit(deps, actor, eventId, { type: 'badge.handed_out', payload: { guestId, collectedAt: at } });
  return ok({ code: 'handed_out', badgeCollectedAt: at, guest: after });
}
