import { nowIso } from '../../platform/db/database.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import type { CameraInput, CameraView } from './vehicles.schema.js';
import { cameraViews, zoneCodes } from './vehicles.store.js';

export async function listCameras(deps: Deps, event: { id: number; slug: string }): Promise<Result<CameraView[]>> {
  return ok(await cameraViews(deps.db, event.id, event.slug));
}

/** Registers an ANPR camera at an entrance; it posts to its `ingestPath` with a device token of this event. */
export async function registerCamera(deps: Deps, actor: Actor, event: { id: number; slug: string }, input: CameraInput): Promise<Result<CameraView>> {
  const zone = (await zoneCodes(deps.db, event.id)).get(input.zone);
  if (zone === undefined) return refuse('camera_zone_unknown', 'zone', { code: input.zone });
  const taken = await deps.db.selectFrom('cameras').select('id').where('event_id', '=', event.id).where('code', '=', input.code).executeTakeFirst();
  if (taken) return refuse('code_taken', 'code', { code: input.code });
  let deviceUserId: number | null = null;
  if (input.device !== undefined) {
    const device = await deps.db
      .selectFrom('users')
      .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
      .select('users.id')
      .where('users.email', '=', input.device.toLowerCase())
      .where('role_grants.role', '=', 'device')
      .where('role_grants.event_id', '=', event.id)
      .executeTakeFirst();
    if (!device) return refuse('camera_device_unknown', 'device', { email: input.device });
    deviceUserId = device.id;
  }
  await deps.db
    .insertInto('cameras')
    .values({
      event_id: event.id,
      code: input.code,
      name_zh: input.name.zh,
      name_en: input.name.en,
      zone_id: zone,
      direction: input.direction,
      kind: input.kind,
      device_user_id: deviceUserId,
      created_at: nowIso(),
    })
    .execute();
  await emit(deps, actor, event.id, { type: 'vehicles.camera_registered', payload: { camera: input.code, zone: input.zone } });
  return ok((await cameraViews(deps.db, event.id, event.slug, input.code))[0]!);
}
