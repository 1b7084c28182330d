import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { normalisePlate } from '../../engines/plates/plate-grammar.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { decideBarrier } from './decide-barrier.js';
import { parseAnpr } from './parse-anpr.js';
import { zoneCodesById } from './vehicles.store.js';
import type { AnprAnswer, Decision } from './vehicles.schema.js';

/** Reads a plate from a JPEG when the camera sent an image without text (src/engines/plates, plugged in later). */
export interface PlateReaderPort {
  readPlate(jpeg: Buffer): Promise<{ text: string; confidence: number } | null>;
}

export interface VehiclesDeps extends Deps {
  files: FileStore;
  plateReader?: PlateReaderPort;
}

/** The same plate at the same camera within this many ms of its last report is the same passage. */
export const DEDUPE_MS = 30_000;
/** images kept per passage, however often the camera repeats it */
const MAX_IMAGES = 8;

async function storeImages(files: FileStore, images: Buffer[]): Promise<string[]> {
  const keys: string[] = [];
  for (const image of images) {
    const key = `anpr-${randomUUID()}.jpg`;
    await files.commit(await files.stage(Readable.from([image])), key);
    keys.push(key);
  }
  return keys;
}

/**
 * One post of an ANPR camera, recorded whatever it holds: read, decided at the barrier, deduplicated, with its
 * images stored. Refuses only an unknown camera and a device account that is not the camera's.
 */
export async function recordPassage(
  deps: VehiclesDeps,
  actor: Actor,
  eventId: number,
  cameraCode: string,
  body: Buffer | undefined,
  contentType: string,
  now = new Date(),
): Promise<Result<AnprAnswer>> {
  const found = await deps.db
    .selectFrom('cameras')
    .select(['id', 'direction', 'device_user_id', 'zone_id'])
    .where('event_id', '=', eventId)
    .where('code', '=', cameraCode)
    .executeTakeFirst();
  const zone = found && (await zoneCodesById(deps.db, eventId)).get(found.zone_id);
  if (!found || zone === undefined) return refuse('not_found', 'camera');
  const camera = { ...found, zone };
  if (camera.device_user_id !== null && actor.userId !== camera.device_user_id) return refuse('camera_device_mismatch', 'camera');

  const sha = createHash('sha256')
    .update(body ?? Buffer.alloc(0))
    .digest('hex');
  const report = parseAnpr(body, contentType);
  let plateRead = report.plate ?? null;
  let confidence = report.confidence ?? null;
  if (report.status === 'unread' && deps.plateReader && report.images[0]) {
    const read = await deps.plateReader.readPlate(report.images[0]).catch(() => null);
    if (read) [plateRead, confidence] = [read.text, read.confidence];
  }
  const plate = plateRead === null ? null : normalisePlate(plateRead) || null;
  const at = now.toISOString();

  let decision: Decision;
  let reason: string;
  let permitId: number | null = null;
  if (report.status === 'unreadable') [decision, reason] = ['unreadable', 'unreadable_payload'];
  else {
    const permits = await deps.db.selectFrom('vehicle_permits').selectAll().where('event_id', '=', eventId).execute();
    const rules = permits.map((p) => ({
      id: p.id,
      plate: p.plate,
      zones: JSON.parse(p.zones) as string[],
      validFrom: p.valid_from,
      validTo: p.valid_to,
      revoked: p.revoked_at !== null,
    }));
    ({ decision, reason, permitId } = decideBarrier(plate, camera.zone, camera.direction, at, rules));
  }
  const images = await storeImages(deps.files, report.images);

  const earlier =
    plate === null
      ? undefined
      : await deps.db
          .selectFrom('vehicle_passages')
          .select(['id', 'image_keys', 'reports', 'confidence'])
          .where('camera_id', '=', camera.id)
          .where('plate', '=', plate)
          .where('last_seen_at', '>=', new Date(now.getTime() - DEDUPE_MS).toISOString())
          .orderBy('id', 'desc')
          .executeTakeFirst();
  let id: number;
  if (earlier) {
    id = earlier.id;
    const keys = [...(JSON.parse(earlier.image_keys) as string[]), ...images].slice(0, MAX_IMAGES);
    const best = Math.max(Number(earlier.confidence ?? 0), confidence ?? 0);
    await deps.db
      .updateTable('vehicle_passages')
      .set({
        plate_read: plateRead,
        confidence: best > 0 ? best : null,
        permit_id: permitId,
        decision,
        reason,
        payload_kind: report.kind,
        payload_sha256: sha,
        image_keys: JSON.stringify(keys),
        last_seen_at: at,
        reports: Number(earlier.reports) + 1,
      })
      .where('id', '=', id)
      .execute();
    // dropped images of a long repeat are not kept
    for (const key of images.filter((k) => !keys.includes(k))) await deps.files.remove(key);
  } else {
    const row = await deps.db
      .insertInto('vehicle_passages')
      .values({
        event_id: eventId,
        camera_id: camera.id,
        plate_read: plateRead,
        plate,
        confidence,
        permit_id: permitId,
        decision,
        reason,
        payload_kind: report.kind,
        payload_sha256: sha,
        image_keys: JSON.stringify(images),
        camera_time: report.cameraTime ?? null,
        seen_at: at,
        last_seen_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await emit(deps, actor, eventId, {
    type: earlier ? 'vehicles.passage_repeated' : 'vehicles.passage_recorded',
    payload: { passage: id, camera: cameraCode, plate, decision, reason },
  });
  return ok({ recorded: decision, reason, passage: id, plate, duplicate: earlier !== undefined });
}
