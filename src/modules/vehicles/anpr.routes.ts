import type { Deps } from '../../platform/deps.js';
import { createFileStore } from '../../platform/files/file-store.js';
import { ErrorBody, answer } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { recordPassage, type PlateReaderPort, type VehiclesDeps } from './record-passage.js';
import { AnprAnswer, CameraParams } from './vehicles.schema.js';

/** A camera post with its JPEGs: a plate crop and a scene picture are well under 1 MB each. */
const BODY_LIMIT = 8 * 1024 * 1024;

export const ANPR_DESCRIPTION =
  'The device API of ANPR cameras (stable, versioned under /api/v1; see docs/vehicles.md). Authenticate with a device token of this event ' +
  '(`Authorization: Bearer …`). The body is any of: Hikvision ISAPI `EventNotificationAlert` XML, bare or as multipart/form-data with ' +
  'its plate and scene JPEG parts; a Dahua `client.notifyEventStream` push (tolerated when not valid JSON); or JSON ' +
  '`{ plate, seenAt?, confidence?, image? }` (image: base64 JPEG). The answer is always 200 with what was recorded, so cameras do ' +
  'not retry: `recorded` is allow | deny | officer | unread | unreadable. Refused only: no or a wrong token (401/403), a camera ' +
  'bound to another device account (403 camera_device_mismatch) and an unknown camera (404 not_found camera).';

/**
 * The camera route reads any body as bytes: cameras send XML, multipart, text that is nearly JSON, or JSON, and
 * each is recorded, so the JSON parser's refusals must not apply here (docs/vehicles.md documents the contract).
 */
export function anprRoutes(app: App, deps: Deps, plateReader?: PlateReaderPort): void {
  const vdeps: VehiclesDeps = { ...deps, files: createFileStore(deps.config.filesDir), ...(plateReader ? { plateReader } : {}) };
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/v1/events/:slug/cameras/:camera/anpr',
      {
        config: { permission: 'device.ingest' },
        bodyLimit: BODY_LIMIT,
        schema: {
          tags: ['vehicles'],
          summary: 'An ANPR camera reports a vehicle',
          description: ANPR_DESCRIPTION,
          params: CameraParams,
          response: { 200: AnprAnswer, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (req, reply) => {
        const params = req.params as { camera: string };
        const body = Buffer.isBuffer(req.body) ? req.body : undefined;
        const result = await recordPassage(vdeps, actorOf(req), eventOf(req).id, params.camera, body, String(req.headers['content-type'] ?? ''));
        return answer(req, reply, result);
      },
    );
  });
}
