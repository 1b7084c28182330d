import { z } from 'zod';
import { IdParam } from '../../platform/schema.js';

/** what a station sends: a camera frame, downscaled by the station to at most 1280 px (a few hundred kB) */
export const FACE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const MAX_FACE_FRAME_BYTES = 10 * 1024 * 1024;

export const FaceCheckQuery = z
  .object({
    /** 1:1: the guest whose badge was just scanned; absent: 1:N among the event's enrolled guests */
    guestId: IdParam.optional(),
    /** the gate's code, recorded in the audit log */
    gate: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

const FacePerson = z.object({
  guestId: z.number().int(),
  name: z.string(),
  nameLatin: z.string(),
  organisation: z.string().nullable(),
  photoUrl: z.string().nullable().describe('the registration photo the face was enrolled from, for the officer to compare by eye'),
  credential: z.string().nullable().describe("1:N match only: the guest's current badge credential, decided and recorded like a scanned badge"),
});

export const FaceCheckView = z.object({
  mode: z.enum(['1:1', '1:N']),
  outcome: z.enum(['match', 'no_match', 'ambiguous', 'not_enrolled', 'no_enrolments']),
  match: z.boolean(),
  similarity: z.number().nullable(),
  threshold: z.number(),
  margin: z.number().nullable(),
  minMargin: z.number().nullable(),
  faces: z.number().int(),
  face: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() }),
  enrolled: z.number().int().nullable(),
  person: FacePerson.nullable(),
  ms: z.number(),
});

export const FACE_CHECK_DESCRIPTION =
  'Part of the stable station API (device token or gate staff). The body is one camera frame (image/jpeg, image/png or image/webp, ' +
  'at most 10 MB and 40 megapixels); it is checked and forgotten, never stored. With `?guestId=` the largest face in the frame is ' +
  "verified 1:1 against that guest's enrolment (`outcome` match | no_match | not_enrolled); without it the face is identified 1:N " +
  'among every enrolled guest of the event (match | no_match | ambiguous | no_enrolments): a match needs the similarity at or above ' +
  '`threshold` (fixed, 0.5 = face-api distance 0.6) and a lead of at least `minMargin` over the runner-up. A 1:N match carries the ' +
  "guest's current badge `credential`, which the station decides and records through POST /scans like a scanned badge. Every answer " +
  'gives `similarity` and `threshold`; the officer sees the enrolled photo (`person.photoUrl`) beside the live face and decides. ' +
  'Refusals: no face in the frame 422 `face_count`, not an image 422 `face_image_invalid` (415 for another content type), a damaged ' +
  'image 422 `face_image_truncated`, too large 413 `face_image_too_large`. Every check is audited (`face.checked`).';
