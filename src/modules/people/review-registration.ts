import type { Actor } from '../../platform/deps.js';
import { nowIso, type Queryable } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { ReviewInput } from './people.schema.js';
import { guestStanding, type GuestStanding } from './people.store.js';

/** Which decision may follow which status. Approving needs a registration to approve. */
const FROM: Record<ReviewInput['action'], readonly string[]> = {
  approve: ['registered'],
  reject: ['invited', 'registered', 'changes_requested', 'approved'],
  request_changes: ['registered', 'approved'],
};
const TO = { approve: 'approved', reject: 'rejected', request_changes: 'changes_requested' } as const;
const EVENT = { approve: 'guest.approved', reject: 'guest.rejected', request_changes: 'guest.changes_requested' } as const;

export interface ReviewPlan {
  guest: GuestStanding;
  action: ReviewInput['action'];
  to: (typeof TO)[ReviewInput['action']];
  reason: string;
}

/**
 * Checks an organiser's decision on a registration against where the guest stands. Rejecting or asking for
 * changes takes a reason the guest reads. The decision itself (status, and the credential it implies) is one
 * command: src/commands/review-registration.ts.
 */
export async function planReview(q: Queryable, eventId: number, guestId: number, input: ReviewInput): Promise<Result<ReviewPlan>> {
  const guest = await guestStanding(q, guestId);
  if (!guest || guest.eventId !== eventId) return refuse('not_found', 'id');
  const reason = input.reason?.trim() ?? '';
  if (input.action !== 'approve' && reason === '') return refuse('reason_required', 'reason');
  if (!FROM[input.action].includes(guest.status)) return refuse('review_not_allowed', 'action', { status: guest.status, action: input.action });
  return ok({ guest, action: input.action, to: TO[input.action], reason });
}

/**
 * Writes the decided status in `trx`, conditional on the status the plan read: of two organisers deciding at
 * once, one decision wins and the other is refused with the status it lost to.
 */
export async function applyReview(trx: Queryable, actor: Actor, plan: ReviewPlan): Promise<Result<null>> {
  const at = nowIso();
  const res = await trx
    .updateTable('guests')
    .set({ status: plan.to, review_note: plan.reason === '' ? null : plan.reason, reviewed_by: actor.userId, reviewed_at: at, updated_at: at })
    .where('id', '=', plan.guest.id)
    .where('status', '=', plan.guest.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return ok(null);
  const now = await guestStanding(trx, plan.guest.id);
  return refuse('review_not_allowed', 'action', { status: now?.status ?? plan.guest.status, action: plan.action });
}

/** The decision's event, naming the credential issued or those revoked with it. */
export function reviewEvent(plan: ReviewPlan, credential: { issued: number | null; revoked: number[] }) {
  const from = plan.guest.status;
  return {
    type: EVENT[plan.action],
    payload: {
      guestId: plan.guest.id,
      from,
      to: plan.to,
      changes: { status: { from, to: plan.to } },
      ...(plan.reason ? { reason: plan.reason } : {}),
      ...(credential.issued !== null ? { credentialId: credential.issued } : {}),
      ...(credential.revoked.length ? { revokedCredentialIds: credential.revoked } : {}),
    },
  };
}
