import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { issueCredential, revokeCredential } from '../accreditation/index.js';
import type { GuestDetail, ReviewInput } from './people.schema.js';
import { guestDetail } from './list-guests.js';

/** Which decision may follow which status. Approving needs a registration to approve. */
const FROM: Record<ReviewInput['action'], readonly string[]> = {
  approve: ['registered'],
  reject: ['invited', 'registered', 'changes_requested', 'approved'],
  request_changes: ['registered', 'approved'],
};
const TO = { approve: 'approved', reject: 'rejected', request_changes: 'changes_requested' } as const;
const EVENT = { approve: 'guest.approved', reject: 'guest.rejected', request_changes: 'guest.changes_requested' } as const;

async function revokeCurrent(deps: Deps, actor: Actor, eventId: number, guestId: number, reason: string): Promise<number[]> {
  const current = await deps.db.selectFrom('credentials').select('id').where('guest_id', '=', guestId).where('revoked_at', 'is', null).execute();
  for (const c of current) await revokeCredential(deps, actor, eventId, c.id, reason);
  return current.map((c) => c.id);
}

/**
 * The organisers' decision on a registration. Approving a guest who has a category accredits them: the badge
 * credential is issued as part of the same decision, and should issuing fail the guest goes back to where they
 * were, so "approved with a category" always means "holds a current credential". Rejecting or asking for
 * changes takes a reason the guest reads, and suspends a badge already issued.
 */
export async function reviewRegistration(deps: Deps, actor: Actor, eventId: number, guestId: number, input: ReviewInput): Promise<Result<GuestDetail>> {
  const guest = await deps.db.selectFrom('guests').select(['id', 'event_id', 'status', 'category_id', 'review_note']).where('id', '=', guestId).executeTakeFirst();
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'id');
  const reason = input.reason?.trim() ?? '';
  if (input.action !== 'approve' && reason === '') return refuse('reason_required', 'reason');
  if (!FROM[input.action].includes(guest.status)) return refuse('review_not_allowed', 'action', { status: guest.status, action: input.action });

  const at = nowIso();
  const to = TO[input.action];
  // conditional on the status read above: of two organisers deciding at once, one decision wins
  const res = await deps.db
    .updateTable('guests')
    .set({ status: to, review_note: reason === '' ? null : reason, reviewed_by: actor.userId, reviewed_at: at, updated_at: at })
    .where('id', '=', guestId)
    .where('status', '=', guest.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const now = await deps.db.selectFrom('guests').select('status').where('id', '=', guestId).executeTakeFirstOrThrow();
    return refuse('review_not_allowed', 'action', { status: now.status, action: input.action });
  }

  let credentialId: number | null = null;
  let revoked: number[] = [];
  if (input.action === 'approve' && guest.category_id !== null) {
    const restore = () => deps.db.updateTable('guests').set({ status: guest.status, review_note: guest.review_note }).where('id', '=', guestId).execute();
    const issued = await issueCredential(deps, actor, eventId, guestId, 'approved').catch(async (err: unknown) => {
      await restore();
      throw err;
    });
    if (!issued.ok) {
      await restore();
      return issued;
    }
    credentialId = issued.value.credentialId;
  } else if (input.action !== 'approve') {
    revoked = await revokeCurrent(deps, actor, eventId, guestId, input.action === 'reject' ? 'rejected' : 'changes_requested');
  }
  await emit(deps, actor, eventId, {
    type: EVENT[input.action],
    payload: {
      guestId,
      from: guest.status,
      to,
      changes: { status: { from: guest.status, to } },
      ...(reason ? { reason } : {}),
      ...(credentialId !== null ? { credentialId } : {}),
      ...(revoked.length ? { revokedCredentialIds: revoked } : {}),
    },
  });
  return ok((await guestDetail(deps, eventId, guestId))!);
}
