import type { Actor, Deps } from '../platform/deps.js';
import { ok, type Result } from '../platform/result.js';
import { issueCredentialIn, prepareIssuer, revokeCurrentIn } from '../modules/accreditation/index.js';
import { applyGuestEdit, guestDetail, guestStanding, planGuestEdit } from '../modules/people/index.js';
import type { GuestDetail, GuestPatch } from '../modules/people/people.schema.js';
import { decide } from './decide.js';

/**
 * The organisers correct a guest's record (names, contact, category, delegation), one transaction. An accredited
 * guest whose category changes gets a new credential with the change (the old one is revoked: its signed claims
 * name the old category); losing the category revokes it. The record and the credential commit together.
 */
export async function changeGuestCategory(deps: Deps, actor: Actor, eventId: number, guestId: number, patch: GuestPatch): Promise<Result<GuestDetail>> {
  const plan = await planGuestEdit(deps, eventId, guestId, patch);
  if (!plan.ok) return plan;
  const categoryChanged = 'categoryId' in plan.value.changes;
  if (Object.keys(plan.value.changes).length > 0) {
    const issuer = categoryChanged && patch.categoryId != null ? await prepareIssuer(deps, eventId) : null;
    const decided = await decide(deps, actor, eventId, async (trx, events) => {
      events.push(...(await applyGuestEdit(trx, plan.value)));
      // where the guest stands as this transaction sees it, not as the plan read it
      const now = categoryChanged ? await guestStanding(trx, guestId) : null;
      if (now?.status === 'approved') {
        if (issuer) {
          const issued = await issueCredentialIn(trx, issuer, guestId, 'category_changed');
          if (!issued.ok) return issued;
          events.push(...issued.value.events);
        } else {
          events.push(...(await revokeCurrentIn(trx, guestId, 'category_removed')).events);
        }
      }
      return ok(null);
    });
    if (!decided.ok) return decided;
  }
  return ok((await guestDetail(deps, eventId, guestId))!);
}
