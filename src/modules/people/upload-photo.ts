import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { createFileStore } from '../../platform/files/file-store.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { enrolFace, faceConsentGiven, withdrawFace } from '../faces/index.js';
import { checkPhoto, type FaceFinder } from './check-photo.js';
import type { GuestRow } from './people.store.js';
import type { PhotoView } from './registration.schema.js';

const CLOSED: ReadonlySet<string> = new Set(['rejected', 'cancelled']);

/**
 * Stores a guest's photo once it passed the checks: the normalised JPEG goes into the file store under a new key,
 * the guest row points to it in the same transaction, and the previous file is removed after the commit. A
 * new photo after approval is a follow-up change: the badge printed from it is reprinted at the desk.
 */
export async function saveGuestPhoto(deps: Deps, actor: Actor, guest: GuestRow, upload: Buffer, faces: FaceFinder | null = null): Promise<Result<PhotoView>> {
  if (CLOSED.has(guest.status)) return refuse('registration_closed', 'status', { status: guest.status });
  const checked = await checkPhoto(upload, faces);
  if (!checked.ok) return checked;
  const files = createFileStore(deps.config.filesDir);
  const staged = await files.stage(Readable.from([checked.value.jpeg]));
  const key = `guest-${guest.id}-${randomUUID()}.jpg`;
  let renamed = false;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('guests').set({ photo_key: key, updated_at: nowIso() }).where('id', '=', guest.id).execute();
      await files.commit(staged, key);
      renamed = true;
    });
  } catch (err) {
    if (renamed) await files.remove(key);
    throw err;
  } finally {
    await files.discard(staged);
  }
  if (guest.photo_key) await files.remove(guest.photo_key);
  const { width, height, jpeg, faceChecked } = checked.value;
  await emit(deps, actor, guest.event_id, {
    type: 'guest.updated',
    payload: { guestId: guest.id, changes: { photo: { from: guest.photo_key ? 'photo' : null, to: `${width}×${height} JPEG, ${jpeg.length} bytes` } }, faceChecked },
  });
  // with the face-recognition consent and the face engine on, the new photo is the enrolment (issue 6); one it
  // cannot enrol drops the enrolment of the previous photo rather than keep a face the guest no longer shows
  if (faces && faceConsentGiven(guest.consents)) {
    const enrolled = await enrolFace(deps, actor, guest.event_id, guest.id);
    if (!enrolled.ok) await withdrawFace(deps, actor, guest.event_id, guest.id, 'photo_replaced');
  }
  return ok({ guestId: guest.id, width, height, bytes: jpeg.length, faceChecked });
}
