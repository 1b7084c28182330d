import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { checkFace } from './check-face.js';
import { FaceCheckQuery, FaceCheckView, FACE_CHECK_DESCRIPTION, FACE_IMAGE_TYPES, MAX_FACE_FRAME_BYTES } from './faces.schema.js';
import { enrolFace, faceStatus, withdrawFaceByOrganiser } from './enrol-face.js';
import { shredFaces } from './shred-faces.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const EV = '/api/v1/events/:slug';

const EnrolmentView = z.object({
  guestId: z.number().int(),
  model: z.string(),
  modelVersion: z.string(),
  facePx: z.number().int(),
  score: z.number(),
  enrolledAt: z.string(),
});
const FaceStatusView = z.object({ guestId: z.number().int(), consent: z.boolean(), photo: z.boolean(), enrolment: EnrolmentView.nullable() });
const Withdrawn = z.object({ guestId: z.number().int(), deleted: z.boolean() });
const ShredInput = z.object({ force: z.boolean().optional() }).strict();
const ShredCounts = z.object({ enrolments: z.number().int(), photos: z.number().int() });

/** Face enrolment from the registration photo (with the face-recognition consent) and the shredder. */
export function facesRoutes(app: App, deps: Deps): void {
  const tags = ['faces'];
  const config = { permission: 'guests.manage' } as const;
  app.get(
    `${EV}/guests/:id/face-enrolment`,
    {
      config,
      schema: {
        tags,
        summary: "Whether the guest's face is enrolled, with the consent and photo it needs; never the descriptor",
        params: IdParams,
        response: { 200: FaceStatusView, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await faceStatus(deps, eventOf(req).id, req.params.id)),
  );
  app.post(
    `${EV}/guests/:id/face-enrolment`,
    {
      config,
      schema: {
        tags,
        summary: "Enrols the guest's face from their registration photo",
        description:
          'Only with the face-recognition consent (409 `face_consent_missing`) and a photo (409 `face_no_photo`); the photo must show exactly one face ' +
          '(422 `face_count`) at least 112 px across (422 `face_too_small`) detected with a score of at least 0.8 (422 `face_unclear`), looking at the camera (tilt ≤ 20°, turn index ≤ 0.65, 422 `face_pose`). ' +
          'Only the descriptor sealed with AES-256-GCM is stored; enrolling again replaces it.',
        params: IdParams,
        response: { 201: EnrolmentView, ...errors, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => answer(req, reply, await enrolFace(deps, actorOf(req), eventOf(req).id, req.params.id), 201),
  );
  app.delete(
    `${EV}/guests/:id/face-enrolment`,
    { config, schema: { tags, summary: "Deletes the guest's face enrolment at once", params: IdParams, response: { 200: Withdrawn, ...errors } } },
    async (req, reply) => answer(req, reply, await withdrawFaceByOrganiser(deps, actorOf(req), eventOf(req).id, req.params.id)),
  );
  app.post(
    `${EV}/face-shred`,
    {
      config,
      schema: {
        tags,
        summary: 'Shreds every face enrolment and guest photo of the event, keeping only the counts',
        description: 'After the event\'s end date; before it 409 `face_event_running` unless `force: true`.',
        params: SlugParams,
        body: ShredInput,
        response: { 200: ShredCounts, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => answer(req, reply, await shredFaces(deps, actorOf(req), eventOf(req).id, { force: req.body.force === true })),
  );

  // the gate's face check takes the camera frame itself as the body (image/jpeg, image/png, image/webp)
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(FACE_IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FACE_FRAME_BYTES }, (_req, body, done) => done(null, body));
    scope.post(
      `${EV}/face-checks`,
      {
        config: { permission: 'gate.face' },
        bodyLimit: MAX_FACE_FRAME_BYTES,
        schema: {
          tags,
          summary: 'A face check at a gate: 1:1 with the scanned badge, or 1:N in a face-only lane',
          description: FACE_CHECK_DESCRIPTION,
          params: SlugParams,
          querystring: FaceCheckQuery,
          response: { 200: FaceCheckView, ...errors, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
        },
      },
      async (req, reply) => {
        const body = Buffer.isBuffer(req.body) ? req.body : undefined;
        const event = eventOf(req);
        return answer(req, reply, await checkFace(deps, actorOf(req), { id: event.id, slug: event.slug }, body, req.query as z.infer<typeof FaceCheckQuery>));
      },
    );
  });
}
