import type { Actor, Deps } from '../platform/deps.js';
import { ok, type Result } from '../platform/result.js';
import { issueCredentialIn, prepareIssuer, revokeCurrentIn } from '../modules/accreditation/index.js';
import { applyReview, guestDetail, planReview, reviewEvent } from '../modules/people/index.js';
import type { GuestDetail, ReviewInput } from '../modules/people/people.schema.js';
import { decide } from './decide.js';

const REVOKE_REASON = { reject: 'rejected', request_changes: 'changes_requested' } as const;

/**
 * The organisers' decision on a registration, one transaction: approving a guest who has a category accredits
 * them (the badge credential is issued with the status, so "approved with a category" always means "holds a
 * current credential"); rejecting or asking for changes suspends a badge already issued with the status. If any
 * write fails, none lands: the guest keeps their status and their credential as they were.
 */
export async function reviewRegistration(deps: Deps, actor: Actor, eventId: number, guestId: number, input: ReviewInput): Promise<Result<GuestDetail>> {
  const plan = await planReview(deps.db, eventId, guestId, input);
  if (!plan.ok) return plan;
  const issuer = plan.value.action === 'approve' && plan.value.guest.categoryId !== null ? await prepareIssuer(deps, eventId) : null;
  const decided = await decide(deps, actor, eventId, async (trx, events) => {
    const moved = await applyReview(trx, actor, plan.value);
    if (!moved.ok) return moved;
    let issued: number | null = null;
    let revoked: number[] = [];
    if (issuer) {
      const credential = await issueCredentialIn(trx, issuer, guestId, 'approved');
      if (!credential.ok) return credential;
      issued = credential.value.credential.credentialId;
      events.push(...credential.value.events);
    } else if (plan.value.action !== 'approve') {
      const withdrawn = await revokeCurrentIn(trx, guestId, REVOKE_REASON[plan.value.action]);
      revoked = withdrawn.ids;
      events.push(...withdrawn.events);
    }
    events.push(reviewEvent(plan.value, { issued, revoked }));
    return ok(null);
  });
  if (!decided.ok) return decided;
  return ok((await guestDetail(deps, eventId, guestId))!);
}
