import { compareFaces, embedFaces, FACE_MATCH_THRESHOLD, FaceEngineError, type EmbeddedFace } from '../../engines/face/index.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { readEnrolledDescriptor } from './enrol-face.js';
import { eventFaceIndex } from './event-face-index.js';
import { faceSubjects } from './faces.ports.js';

/**
 * A face-only lane admits on the best candidate only when it beats the runner-up by this much similarity as
 * well as passing the threshold: a near tie means two enrolled people look alike, and the officer decides.
 * Fixed beforehand like the threshold (similarity scale: 0.05 = 0.06 of Euclidean distance).
 */
export const FACE_MIN_MARGIN = 0.05;

export type FaceCheckMode = '1:1' | '1:N';
export type FaceCheckOutcome = 'match' | 'no_match' | 'ambiguous' | 'not_enrolled' | 'no_enrolments';

export interface FaceCheckPerson {
  guestId: number;
  name: string;
  nameLatin: string;
  organisation: string | null;
  /** the registration photo the face was enrolled from, for the officer to compare by eye */
  photoUrl: string | null;
  /** 1:N match only: the guest's current badge credential, which the station decides and records like a scanned badge */
  credential: string | null;
}

export interface FaceCheckView {
  mode: FaceCheckMode;
  outcome: FaceCheckOutcome;
  match: boolean;
  /** 0–1; null when there was nothing to compare with */
  similarity: number | null;
  /** the fixed threshold the similarity is held against */
  threshold: number;
  /** 1:N: the best candidate's similarity minus the runner-up's; null for 1:1 */
  margin: number | null;
  minMargin: number | null;
  /** faces in the frame; the largest (nearest) one is checked */
  faces: number;
  face: { x: number; y: number; width: number; height: number; score: number };
  /** 1:N: how many faces of the event are enrolled */
  enrolled: number | null;
  /** 1:1: the badge holder; 1:N: the best candidate (also when it is no match, for the officer), or null */
  person: FaceCheckPerson | null;
  ms: number;
}

export interface FaceCheckInput {
  /** 1:1 against this guest's enrolment (the badge just scanned); without it 1:N among the event's enrolments */
  guestId?: number | undefined;
  /** the gate it happened at, for the audit log */
  gate?: string | undefined;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const ENGINE_REFUSALS = {
  not_an_image: 'face_image_invalid',
  truncated_image: 'face_image_truncated',
  image_too_large: 'face_image_too_large',
  image_too_small: 'face_image_too_small',
} as const;

/**
 * The faces in a camera frame, nearest first. The tiny detector is made for camera frames (a face with context
 * around it) and is ~3× faster; a frame where it finds nothing (a tight crop, a photo taken close) gets SSD.
 */
async function framedFaces(image: Uint8Array): Promise<EmbeddedFace[]> {
  const quick = await embedFaces(image, { detector: 'tiny' });
  return quick.length > 0 ? quick : embedFaces(image, { detector: 'ssd' });
}

async function personOf(deps: Deps, eventId: number, slug: string, guestId: number, withCredential: boolean): Promise<FaceCheckPerson | null> {
  const subjects = faceSubjects.use();
  const g = await subjects.guest(deps.db, guestId);
  if (!g || g.event_id !== eventId) return null;
  const credential = withCredential ? await subjects.currentCredential(deps.db, guestId) : null;
  return {
    guestId: g.id,
    name: g.name,
    nameLatin: g.name_latin,
    organisation: g.organisation,
    photoUrl: g.photo_key ? `/api/v1/events/${slug}/guests/${g.id}/photo` : null,
    credential: credential || null,
  };
}

/**
 * One face check at a gate: 1:1 verification of the badge holder (guestId) or 1:N identification among the
 * event's enrolled guests. Every verdict gives the similarity and the fixed threshold; the officer stays in the
 * loop (a phone camera cannot tell a live face from a photo of it, see docs/faces.md). Every check is audited
 * with its outcome and similarity, never a descriptor; the live frame is not stored.
 */
export async function checkFace(
  deps: Deps,
  actor: Actor,
  event: { id: number; slug: string },
  image: Uint8Array | undefined,
  input: FaceCheckInput,
): Promise<Result<FaceCheckView>> {
  const started = performance.now();
  // 1:1: the badge holder, who must be a guest of this event
  const holder = input.guestId === undefined ? null : await personOf(deps, event.id, event.slug, input.guestId, false);
  if (input.guestId !== undefined && !holder) return refuse('not_found', 'guestId');
  if (!image || image.length === 0) return refuse('face_image_missing', 'image');
  let faces: EmbeddedFace[];
  try {
    faces = await framedFaces(image);
  } catch (err) {
    if (err instanceof FaceEngineError) return refuse(ENGINE_REFUSALS[err.code], 'image');
    throw err;
  }
  if (faces.length === 0) return refuse('face_count', 'image', { count: 0 });
  const face = faces[0]!;
  const base = {
    threshold: FACE_MATCH_THRESHOLD,
    faces: faces.length,
    face: { x: Math.round(face.box.x), y: Math.round(face.box.y), width: Math.round(face.box.width), height: Math.round(face.box.height), score: round(face.score) },
  };

  let view: Omit<FaceCheckView, 'ms' | 'threshold' | 'faces' | 'face'>;
  if (input.guestId !== undefined) {
    const enrolled = await readEnrolledDescriptor(deps, actor, event.id, input.guestId, 'gate_verify');
    const person = holder;
    if (!enrolled) {
      view = { mode: '1:1', outcome: 'not_enrolled', match: false, similarity: null, margin: null, minMargin: null, enrolled: null, person };
    } else {
      const c = compareFaces(face.descriptor, enrolled);
      view = { mode: '1:1', outcome: c.match ? 'match' : 'no_match', match: c.match, similarity: round(c.similarity), margin: null, minMargin: null, enrolled: null, person };
    }
  } else {
    const index = await eventFaceIndex(deps, actor, event.id);
    const found = index.identify(face.descriptor);
    if (!found.best) {
      view = { mode: '1:N', outcome: 'no_enrolments', match: false, similarity: null, margin: null, minMargin: FACE_MIN_MARGIN, enrolled: 0, person: null };
    } else {
      const clear = found.match && found.margin >= FACE_MIN_MARGIN;
      const outcome: FaceCheckOutcome = !found.match ? 'no_match' : clear ? 'match' : 'ambiguous';
      view = {
        mode: '1:N',
        outcome,
        match: clear,
        similarity: round(found.best.similarity),
        margin: round(found.margin),
        minMargin: FACE_MIN_MARGIN,
        enrolled: index.size,
        person: await personOf(deps, event.id, event.slug, found.best.key, clear),
      };
    }
  }
  await emit(deps, actor, event.id, {
    type: 'face.checked',
    payload: { mode: view.mode, outcome: view.outcome, guestId: view.person?.guestId ?? null, similarity: view.similarity, gate: input.gate ?? null },
  });
  return ok({ ...view, ...base, ms: Math.round(performance.now() - started) });
}
