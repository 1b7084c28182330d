import type { Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import { eventZones } from '../events/index.js';
import { vehicleOwners } from './vehicles.ports.js';
import type { CamerasTable, VehiclePassagesTable, VehiclePermitsTable } from './vehicles.tables.js';
import { parsePlate } from '../../engines/plates/plate-grammar.js';
import type { CameraView, Decision, PassageView, PermitView } from './vehicles.schema.js';

export type PermitRow = Selectable<VehiclePermitsTable>;
export type CameraRow = Selectable<CamerasTable>;

const list = (json: string): string[] => {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.map(String) : [];
};

export const permitView = (r: PermitRow): PermitView => ({
  id: r.id,
  plate: r.plate,
  plateText: r.plate_text,
  chinesePlate: parsePlate(r.plate).valid,
  type: r.vehicle_type,
  guestId: r.guest_id,
  delegationId: r.delegation_id,
  owner: r.owner,
  zones: list(r.zones),
  validFrom: r.valid_from,
  validTo: r.valid_to,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  revokeReason: r.revoke_reason,
});

export const permitsOf = (db: Queryable, eventId: number) =>
  db.selectFrom('vehicle_permits').selectAll().where('event_id', '=', eventId).orderBy('id').execute();

/** The event's zones by code (events' read). */
export const zoneCodes = async (db: Queryable, eventId: number): Promise<Map<string, number>> => new Map((await eventZones(db, eventId)).map((z) => [z.code, z.id]));

/** The event's zone codes by id. */
export const zoneCodesById = async (db: Queryable, eventId: number): Promise<Map<number, string>> => new Map((await eventZones(db, eventId)).map((z) => [z.id, z.code]));

/** The vehicles approved guests of the event gave on their registration form, by guest id (people's read, through the port). */
export const approvedGuestVehicles = (db: Queryable, eventId: number) => vehicleOwners.use().approvedGuestVehicles(db, eventId);

export async function cameraViews(db: Queryable, eventId: number, slug: string, code?: string): Promise<CameraView[]> {
  let q = db
    .selectFrom('cameras')
    .leftJoin('users', 'users.id', 'cameras.device_user_id')
    .select(['cameras.id', 'cameras.code', 'cameras.name_zh', 'cameras.name_en', 'cameras.zone_id', 'cameras.direction', 'cameras.kind', 'users.email'])
    .where('cameras.event_id', '=', eventId);
  if (code !== undefined) q = q.where('cameras.code', '=', code);
  const [rows, zones] = await Promise.all([q.orderBy('cameras.code').execute(), zoneCodesById(db, eventId)]);
  // a camera's zone is one of its event's (registerCamera takes it from them; the foreign key keeps it)
  return rows.flatMap((r) => {
    const zone = zones.get(r.zone_id);
    return zone === undefined ? [] : [cameraView(r, zone, slug)];
  });
}

const cameraView = (
  r: { id: number; code: string; name_zh: string; name_en: string; direction: string; kind: string; email: string | null },
  zone: string,
  slug: string,
): CameraView => ({
    id: r.id,
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    zone,
    direction: r.direction,
    kind: r.kind,
    device: r.email ?? null,
    ingestPath: `/api/v1/events/${slug}/cameras/${r.code}/anpr`,
});

export const passageView = (r: Selectable<VehiclePassagesTable> & { camera: string }): PassageView => ({
  id: r.id,
  camera: r.camera,
  plateRead: r.plate_read,
  plate: r.plate,
  confidence: r.confidence === null ? null : Number(r.confidence),
  decision: r.decision as Decision,
  reason: r.reason,
  permitId: r.permit_id,
  payloadKind: r.payload_kind,
  payloadSha256: r.payload_sha256,
  images: list(r.image_keys),
  cameraTime: r.camera_time,
  seenAt: r.seen_at,
  lastSeenAt: r.last_seen_at,
  reports: Number(r.reports),
});
