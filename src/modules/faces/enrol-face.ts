import { embedFaces, FaceEngineError } from '../../engines/face/index.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { nowIso } from '../../platform/db/database.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { fromJson, type Queryable } from '../../platform/db/database.js';
import type { NewDomainEvent } from '../../platform/bus/bus.js';
import { createFileStore } from '../../platform/files/file-store.js';
import { faceSubjects } from './faces.ports.js';
import { sealDescriptor, unsealDescriptor } from './seal-descriptor.js';

/** the engine that makes the descriptors (src/engines/face/): SSD MobileNet v1 + the 128-d ResNet of face-api */
export const FACE_MODEL = 'face-api ssd_mobilenetv1+face_recognition_net';
export const FACE_MODEL_VERSION = '@vladmandic/face-api 1.7.15';
/** the enrolled face's box must be at least this many px on its shorter side */
export const MIN_ENROL_FACE_PX = 112;
/** and the detector this sure of it */
export const MIN_ENROL_SCORE = 0.8;
/**
 * and the head this upright and frontal (src/engines/face/face-pose.ts): on the 40 real crops of the test set, all
 * recognised, roll stays within ±16° and the yaw index within ±0.61; visibly turned heads of its group scenes
 * reach 0.71–0.83
 */
export const MAX_ENROL_ROLL_DEG = 20;
export const MAX_ENROL_YAW = 0.65;

export interface EnrolmentView {
  guestId: number;
  model: string;
  modelVersion: string;
  facePx: number;
  score: number;
  enrolledAt: string;
}

/** guests.consents as the people module stores it: snake_case, or camelCase as the demo loader writes it */
export function faceConsentGiven(consents: string | null): boolean {
  const c = fromJson<Record<string, { given?: unknown } | undefined> | null>(consents, null);
  return (c?.['face_recognition'] ?? c?.['faceRecognition'])?.given === true;
}

/** the normalised JPEG the people module stored at upload (this module does not reach into people's code) */
async function readPhoto(deps: Pick<Deps, 'config'>, key: string): Promise<Buffer | null> {
  const file = await createFileStore(deps.config.filesDir).open(key);
  if (!file) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** HUIWU_FACE_KEY when configured, else the installation secret (each derives the AES key under its own label) */
export const sealingSecret = (deps: Pick<Deps, 'config' | 'secret'>): string => deps.config.faceKey ?? deps.secret;

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * Enrols a guest's face from their registration photo, only with the face-recognition consent given: exactly
 * one face, at least MIN_ENROL_FACE_PX across, detected with at least MIN_ENROL_SCORE. Only the sealed descriptor
 * is stored; the audit event carries the quality facts, never the descriptor. A second enrolment replaces the first.
 */
export async function enrolFace(deps: Deps, actor: Actor, eventId: number, guestId: number): Promise<Result<EnrolmentView>> {
  const guest = await faceSubjects.use().guest(deps.db, guestId);
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'id');
  if (!faceConsentGiven(guest.consents)) return refuse('face_consent_missing', 'consents.faceRecognition');
  const photo = guest.photo_key ? await readPhoto(deps, guest.photo_key) : null;
  if (!photo) return refuse('face_no_photo', 'photo');
  let faces;
  try {
    faces = await embedFaces(photo);
  } catch (err) {
    if (err instanceof FaceEngineError) return refuse('face_count', 'photo', { count: 0 });
    throw err;
  }
  if (faces.length !== 1) return refuse('face_count', 'photo', { count: faces.length });
  const face = faces[0]!;
  const facePx = Math.round(Math.min(face.box.width, face.box.height));
  if (facePx < MIN_ENROL_FACE_PX) return refuse('face_too_small', 'photo', { size: facePx, min: MIN_ENROL_FACE_PX });
  // a turned head is named as such: the detector's score falls on it too, and 'unclear' would not say why
  const { rollDeg, yaw } = face.pose;
  if (Math.abs(rollDeg) > MAX_ENROL_ROLL_DEG || Math.abs(yaw) > MAX_ENROL_YAW) {
    return refuse('face_pose', 'photo', { roll: Math.round(Math.abs(rollDeg)), yaw: round(Math.abs(yaw), 2), maxRoll: MAX_ENROL_ROLL_DEG, maxYaw: MAX_ENROL_YAW });
  }
  if (face.score < MIN_ENROL_SCORE) return refuse('face_unclear', 'photo', { score: round(face.score, 2), min: MIN_ENROL_SCORE });

  const at = nowIso();
  const row = { descriptor: sealDescriptor(sealingSecret(deps), face.descriptor), model: FACE_MODEL, model_version: FACE_MODEL_VERSION, face_px: facePx, score: round(face.score), enrolled_at: at };
  await deps.db
    .insertInto('face_enrolments')
    .values({ event_id: eventId, guest_id: guestId, ...row })
    .onConflict((oc) => oc.column('guest_id').doUpdateSet(row))
    .execute();
  const view: EnrolmentView = { guestId, model: FACE_MODEL, modelVersion: FACE_MODEL_VERSION, facePx, score: row.score, enrolledAt: at };
  await emit(deps, actor, eventId, { type: 'face.enrolled', payload: { guestId, model: FACE_MODEL, facePx, score: row.score } });
  return ok(view);
}

/**
 * Deletes a guest's enrolment at once (withdrawn consent, or the organiser's DELETE). Answers whether there was
 * one; only a deletion is audited.
 */
export async function withdrawFace(deps: Pick<Deps, 'db' | 'bus'>, actor: Actor, eventId: number, guestId: number, reason: WithdrawReason): Promise<boolean> {
  const { withdrawn, events } = await withdrawFaceIn(deps.db, eventId, guestId, reason);
  for (const e of events) await emit(deps, actor, eventId, e);
  return withdrawn;
}

export type WithdrawReason = 'consent_withdrawn' | 'organiser' | 'photo_replaced';

/**
 * The withdrawal as a store function in the caller's transaction (src/commands: a registration that withdraws the
 * face-recognition consent): deletes the enrolment and answers the `face.withdrawn` event for the caller to publish
 * with its decision, so both commit together or not at all.
 */
export async function withdrawFaceIn(
  q: Queryable,
  eventId: number,
  guestId: number,
  reason: WithdrawReason,
): Promise<{ withdrawn: boolean; events: Array<Pick<NewDomainEvent, 'type' | 'payload'>> }> {
  const gone = await q.deleteFrom('face_enrolments').where('guest_id', '=', guestId).where('event_id', '=', eventId).returning('id').execute();
  return gone.length === 0 ? { withdrawn: false, events: [] } : { withdrawn: true, events: [{ type: 'face.withdrawn', payload: { guestId, reason } }] };
}

/** The organiser's DELETE: 404 when the guest is not of the event; deleting nothing is fine (idempotent). */
export async function withdrawFaceByOrganiser(deps: Deps, actor: Actor, eventId: number, guestId: number): Promise<Result<{ guestId: number; deleted: boolean }>> {
  const guest = await faceSubjects.use().guest(deps.db, guestId);
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'id');
  return ok({ guestId, deleted: await withdrawFace(deps, actor, eventId, guestId, 'organiser') });
}

export interface FaceStatus {
  guestId: number;
  /** the face-recognition consent is given */
  consent: boolean;
  /** the guest has a registration photo */
  photo: boolean;
  enrolment: EnrolmentView | null;
}

/** Whether a guest's face is enrolled, and if not why not: the facts about it, never the descriptor. */
export async function faceStatus(deps: Pick<Deps, 'db'>, eventId: number, guestId: number): Promise<Result<FaceStatus>> {
  const guest = await faceSubjects.use().guest(deps.db, guestId);
  if (!guest || guest.event_id !== eventId) return refuse('not_found', 'id');
  const row = await deps.db
    .selectFrom('face_enrolments')
    .select(['model', 'model_version', 'face_px', 'score', 'enrolled_at'])
    .where('guest_id', '=', guestId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return ok({
    guestId,
    consent: faceConsentGiven(guest.consents),
    photo: guest.photo_key !== null,
    enrolment: row ? { guestId, model: row.model, modelVersion: row.model_version, facePx: row.face_px, score: row.score, enrolledAt: row.enrolled_at } : null,
  });
}

/** Unseals a guest's enrolled descriptor for a comparison (the gate): every access is audited, without the descriptor. */
export async function readEnrolledDescriptor(deps: Deps, actor: Actor, eventId: number, guestId: number, purpose: string): Promise<Float32Array | null> {
  const row = await deps.db.selectFrom('face_enrolments').select('descriptor').where('guest_id', '=', guestId).where('event_id', '=', eventId).executeTakeFirst();
  if (!row) return null;
  await emit(deps, actor, eventId, { type: 'face.accessed', payload: { guestId, purpose } });
  return unsealDescriptor(sealingSecret(deps), row.descriptor);
}
