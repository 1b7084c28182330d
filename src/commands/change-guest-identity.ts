import type { Actor, Deps } from '../platform/deps.js';
import { ok, type Result } from '../platform/result.js';
import { revokeCurrentIn } from '../modules/accreditation/index.js';
import { withdrawFaceIn } from '../modules/faces/index.js';
import { type GuestRow, invitationView, leavesApproval, planRegistration, saveRegistration } from '../modules/people/index.js';
import type { InvitationView, MemberRegistrationInput, RegistrationInput } from '../modules/people/registration.schema.js';
import { decide } from './decide.js';

/**
 * A guest's whole registration (by their invitation link, or by their delegation's head), one transaction. A
 * changed name or identity document sends an approved guest back to review and suspends their badge: the status
 * and the revocation of the credential commit together, so a badge never outlives the approval it stood for.
 * Follow-up fields (travel, hotel, dietary, …) change without review and keep the credential. A withdrawn
 * face-recognition consent deletes the face enrolment in the same transaction.
 */
export async function changeGuestIdentity(
  deps: Deps,
  actor: Actor,
  guest: GuestRow,
  input: RegistrationInput | MemberRegistrationInput,
  by: 'invitation' | 'delegation_head',
): Promise<Result<InvitationView>> {
  const plan = await planRegistration(deps, actor, guest, input, by);
  if (!plan.ok) return plan;
  const saved = await decide(deps, actor, guest.event_id, async (trx, events) => {
    const { updated, events: registered } = await saveRegistration(trx, plan.value);
    if (leavesApproval(plan.value)) events.push(...(await revokeCurrentIn(trx, guest.id, 'registration_changed')).events);
    events.push(...registered);
    // a withdrawn face-recognition consent deletes the face enrolment at once (issue 6), with the consent it follows
    if (!plan.value.consents.faceRecognition.given) events.push(...(await withdrawFaceIn(trx, guest.event_id, guest.id, 'consent_withdrawn')).events);
    return ok(updated);
  });
  if (!saved.ok) return saved;
  return ok(await invitationView(deps, saved.value));
}
