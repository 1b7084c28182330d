import type { Actor, Deps } from '../platform/deps.js';
import { ok, refuse, type Result } from '../platform/result.js';
import { type IssuedCredential, issueCredentialIn, listCategories, prepareIssuer } from '../modules/accreditation/index.js';
import { guestStanding, setGuestCategory } from '../modules/people/index.js';
import { decide } from './decide.js';

/**
 * The seam for accrediting anyone the coming modules bring (a volunteer, an exhibitor's staff): their record is
 * put in the category and the credential issued in ONE transaction, so a person is never in a category without a
 * credential to show for it, nor holding one for a category they were never given. Today's people are guests
 * (approved ones: credentials go to approved people); a later module passes the person record its store keeps.
 */
export async function accreditPerson(
  deps: Deps,
  actor: Actor,
  eventId: number,
  input: { guestId: number; categoryId: number },
): Promise<Result<IssuedCredential>> {
  const standing = await guestStanding(deps.db, input.guestId);
  if (!standing || standing.eventId !== eventId) return refuse('not_found', 'guestId');
  if ((await listCategories(deps.db, eventId, input.categoryId)).length === 0) return refuse('not_found', 'categoryId');
  const issuer = await prepareIssuer(deps, eventId);
  return decide(deps, actor, eventId, async (trx, events) => {
    await setGuestCategory(trx, input.guestId, input.categoryId);
    const issued = await issueCredentialIn(trx, issuer, input.guestId, 'accredited');
    if (!issued.ok) return issued;
    events.push({ type: 'guest.updated', payload: { guestId: input.guestId, changes: { categoryId: { from: standing.categoryId, to: input.categoryId } }, by: 'organiser' } });
    events.push(...issued.value.events);
    return ok(issued.value.credential);
  });
}
