import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Actor, Deps } from '../../platform/deps.js';
import { multipartValidator, stallGuard } from '../../platform/http/multipart.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { hashedKey, throttle } from '../../platform/http/throttle.js';
import type { App } from '../../platform/http/types.js';
import { refuse, type Refusal, type Result } from '../../platform/result.js';
import { IdParams, SlugParams } from '../../platform/schema.js';
import { type FaceFinder, PHOTO_LIMITS } from './check-photo.js';
import { guestHistory } from './guest-history.js';
import { getGuest, listGuests } from './list-guests.js';
import { myDelegation } from './my-delegation.js';
import { GuestDetail, GuestList, GuestListQuery, HistoryEntry } from './people.schema.js';
import { guestByToken } from './people.store.js';
import { readGuestPhoto } from './read-guest-photo.js';
import { readInvitation, readMyRegistration } from './read-invitation.js';
import { memberOfHead } from './register-guest.js';
import { DelegationView, InvitationView, PhotoView, TokenParams } from './registration.schema.js';
import { saveGuestPhoto } from './upload-photo.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const INVITATION = '/api/v1/invitations/:token';
const GUESTS = '/api/v1/events/:slug/guests';

const PHOTO_DESCRIPTION = [
  'Uploads the invitee\'s photo as `multipart/form-data` with one file part named `photo` (JPEG, PNG, WebP or HEIC,',
  `at most ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB and ${PHOTO_LIMITS.maxPixels / 1e6} megapixels). It is judged by content:`,
  `not an image (415), damaged or cut off, shorter side under ${PHOTO_LIMITS.minSide} px, not portrait or square, blurry, too dark or`,
  'too bright (422), each with its code. Stored as a JPEG of at most 1200 px without metadata. The face-size check',
  `wants exactly one face (422 \`photo_face_count\`) at least ${PHOTO_LIMITS.minFaceShare * 100} % of the photo's height (422`,
  '`photo_face_small`); with `HUIWU_FACE_CHECK=off` it is skipped and the answer says `faceChecked: false`.',
].join(' ');
const PhotoForm = z.object({ photo: z.any().meta({ type: 'string', format: 'binary', description: 'the photo' }) });

/**
 * The face detector for the photo's face-size check (src/engines/face/, set by the composition root); without
 * one (HUIWU_FACE_CHECK=off) photos are checked for quality only and the answer says `faceChecked: false`.
 */
const faceFinderOf = (deps: Deps): FaceFinder | null => deps.faces ?? null;

/** Invitation-link callers act as the invitee, whoever else may be signed in in the same browser. */
const invitee = (req: FastifyRequest): Actor => ({ userId: null, grants: [], requestId: req.id });
/** routes behind `guest.own` always have a principal */
const signedIn = (req: FastifyRequest) => ({ ...actorOf(req), userId: req.principal!.userId });


/** Reads the one `photo` part into memory (at most the size limit); other parts are drained and ignored. */
async function receivePhoto(req: FastifyRequest): Promise<{ photo: Buffer | null; refusal: Refusal | null }> {
  let photo: Buffer | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') continue;
      const guard = stallGuard(req.raw);
      try {
        const chunks: Buffer[] = [];
        await pipeline(
          part.file,
          new Writable({
            write: (chunk: Buffer, _encoding, done) => {
              if (part.fieldname === 'photo') chunks.push(chunk);
              done();
            },
          }),
          { signal: guard.signal },
        );
        if (part.fieldname !== 'photo') continue;
        if (part.file.truncated) return { photo: null, refusal: refuse('photo_too_large', 'photo', { maxMb: PHOTO_LIMITS.maxBytes / 1024 / 1024, maxMp: PHOTO_LIMITS.maxPixels / 1e6 }) };
        photo = Buffer.concat(chunks);
      } finally {
        guard.stop();
      }
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') return { photo: null, refusal: refuse('photo_too_large', 'photo', { maxMb: PHOTO_LIMITS.maxBytes / 1024 / 1024, maxMp: PHOTO_LIMITS.maxPixels / 1e6 }) };
    if (code === 'FST_FILES_LIMIT') return { photo: null, refusal: refuse('file_count', 'photo') };
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return { photo: null, refusal: refuse('body_too_large', 'body') };
    if ((err as NodeJS.ErrnoException).syscall) throw err;
    return { photo: null, refusal: refuse('multipart_malformed', 'body') };
  }
  return { photo, refusal: photo ? null : refuse('photo_missing', 'photo') };
}

async function uploadPhoto(req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, deps: Deps) {
  if (!req.isMultipart()) return answer(req, reply, refuse('multipart_required', 'content-type'));
  // the invitation first: an unknown link gets no upload read, let alone decoded
  const guest = await guestByToken(deps.db, req.params.token);
  if (!guest) return answer(req, reply, refuse('invitation_not_found', 'token'));
  const { photo, refusal } = await receivePhoto(req);
  const result: Result<PhotoView> = refusal ?? (await saveGuestPhoto(deps, invitee(req), guest, photo!, faceFinderOf(deps)));
  return answer(req, reply, result, 201);
}

async function uploadMemberPhoto(req: FastifyRequest<{ Params: { slug: string; id: number } }>, reply: FastifyReply, deps: Deps) {
  if (!req.isMultipart()) return answer(req, reply, refuse('multipart_required', 'content-type'));
  const member = await memberOfHead(deps, signedIn(req), eventOf(req).id, req.params.id);
  if (!member.ok) return answer(req, reply, member);
  const { photo, refusal } = await receivePhoto(req);
  const result: Result<PhotoView> = refusal ?? (await saveGuestPhoto(deps, actorOf(req), member.value, photo!, faceFinderOf(deps)));
  return answer(req, reply, result, 201);
}


/** The decisions (registering, correcting a guest, review) span accreditation: their routes are src/commands'. */
export function registrationRoutes(app: App, deps: Deps): void {
  const tags = ['registration'];

  app.get(
    INVITATION,
    {
      config: { permission: 'public' },
      schema: { tags, description: 'The invitee\'s registration by the token of their personal link: event, status, what was given, what may be changed now.', params: TokenParams, response: { 200: InvitationView, ...errors } },
    },
    async (req, reply) => answer(req, reply, await readInvitation(deps, req.params.token)),
  );
  // Multipart parsing only for the photo upload: every JSON route keeps refusing other bodies.
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 } });
    // uploads per invitation link an hour, counted before a byte of the upload is read
    const rates = deps.config.publicWriteRates;
    const photoThrottle = rates
      ? [throttle(scope, [{ name: 'photo-invitation', key: (req) => hashedKey(String((req.params as { token?: unknown }).token)), max: rates.photosPerInvitation, windowMs: 3_600_000 }])]
      : [];
    scope.withTypeProvider<ZodTypeProvider>().post(
      `${INVITATION}/photo`,
      {
        config: { permission: 'public' },
        onRequest: photoThrottle,
        schema: {
          tags,
          description: PHOTO_DESCRIPTION,
          consumes: ['multipart/form-data'],
          params: TokenParams,
          body: PhotoForm,
          response: { 201: PhotoView, ...errors, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody, 429: ErrorBody },
        },
        validatorCompiler: multipartValidator,
      },
      (req, reply) => uploadPhoto(req as FastifyRequest<{ Params: { token: string } }>, reply, deps),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/events/:slug/my/delegation/members/:id/photo',
      {
        config: { permission: 'guest.own' },
        schema: {
          tags,
          description: `A delegation head uploads a member's photo; the same checks as the invitee's upload. ${PHOTO_DESCRIPTION}`,
          consumes: ['multipart/form-data'],
          params: IdParams,
          body: PhotoForm,
          response: { 201: PhotoView, ...errors, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
        },
        validatorCompiler: multipartValidator,
      },
      (req, reply) => uploadMemberPhoto(req as FastifyRequest<{ Params: { slug: string; id: number } }>, reply, deps),
    );
  });

  app.get(
    '/api/v1/events/:slug/my/registration',
    { config: { permission: 'guest.own' }, schema: { tags, description: "The signed-in guest's own registration.", params: SlugParams, response: { 200: InvitationView, ...errors } } },
    async (req, reply) => answer(req, reply, await readMyRegistration(deps, signedIn(req), eventOf(req).id)),
  );
  app.get(
    '/api/v1/events/:slug/my/delegation',
    { config: { permission: 'guest.own' }, schema: { tags, description: "A delegation head's members and their status.", params: SlugParams, response: { 200: DelegationView, ...errors } } },
    async (req, reply) => answer(req, reply, await myDelegation(deps, signedIn(req), eventOf(req).id)),
  );

  app.get(
    GUESTS,
    { config: { permission: 'guests.manage' }, schema: { tags, params: SlugParams, querystring: GuestListQuery, response: { 200: GuestList, ...errors } } },
    async (req, reply) => answer(req, reply, await listGuests(deps, eventOf(req).id, req.query)),
  );
  app.get(
    `${GUESTS}/:id`,
    { config: { permission: 'guests.manage' }, schema: { tags, params: IdParams, response: { 200: GuestDetail, ...errors } } },
    async (req, reply) => answer(req, reply, await getGuest(deps, eventOf(req).id, req.params.id)),
  );
  app.get(
    `${GUESTS}/:id/history`,
    { config: { permission: 'guests.manage' }, schema: { tags, description: 'Every audited change of the guest, oldest first.', params: IdParams, response: { 200: z.array(HistoryEntry), ...errors } } },
    async (req, reply) => answer(req, reply, await guestHistory(deps, eventOf(req).id, req.params.id)),
  );
  app.get(
    `${GUESTS}/:id/photo`,
    { config: { permission: 'guests.photo' }, schema: { tags, description: "The guest's photo (JPEG), for the identity check at the badge desk and at the gate (gate staff and gate devices too).", params: IdParams, response: { 404: ErrorBody } } },
    async (req, reply) => {
      const guest = await deps.db.selectFrom('guests').select(['event_id']).where('id', '=', req.params.id).executeTakeFirst();
      if (!guest || guest.event_id !== eventOf(req).id) return answer(req, reply, refuse('not_found', 'id'));
      const jpeg = await readGuestPhoto(deps, req.params.id);
      if (!jpeg) return answer(req, reply, refuse('not_found', 'photo'));
      return (reply as FastifyReply).header('content-type', 'image/jpeg').header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff').send(jpeg);
    },
  );
}
