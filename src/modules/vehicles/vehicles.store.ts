import type { Selectable } from 'kysely';
import { fromJson, type Queryable } from '../../platform/db/database.js';
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

export const zoneCodes = async (db: Queryable, eventId: number): Promise<Map<string, number>> =>
  new Map((await db.selectFrom('zones').select(['id', 'code']).where('event_id', '=', eventId).execute()).map((z) => [z.code, z.id]));

/**
 * The vehicles approved guests of the event gave on their registration form (guests.vehicle, JSON), by guest id.
 * Read here from the table rather than through the people module, which has no service for it.
 */
export async function approvedGuestVehicles(db: Queryable, eventId: number): Promise<Array<{ guestId: number; name: string; plate: string; type: string }>> {
  const rows = await db
    .selectFrom('guests')
    .select(['id', 'name', 'vehicle'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'approved')
    .where('vehicle', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => {
    const v = fromJson<{ plate?: unknown; type?: unknown } | null>(r.vehicle, null);
    return v && typeof v.plate === 'string' ? [{ guestId: r.id, name: r.name, plate: v.plate, type: typeof v.type === 'string' ? v.type : 'car' }] : [];
  });
}

export async function cameraViews(db: Queryable, eventId: number, slug: string, code?: string): Promise<CameraView[]> {
  let q = db
    .selectFrom('cameras')
    .innerJoin('zones', 'zones.id', 'cameras.zone_id')
    .leftJoin('users', 'users.id', 'cameras.device_user_id')
    .select(['cameras.id', 'cameras.code', 'cameras.name_zh', 'cameras.name_en', 'zones.code as zone', 'cameras.direction', 'cameras.kind', 'users.email'])
    .where('cameras.event_id', '=', eventId);
  if (code !== undefined) q = q.where('cameras.code', '=', code);
  const rows = await q.orderBy('cameras.code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    zone: r.zone,
    direction: r.direction,
    kind: r.kind,
    device: r.email ?? null,
    ingestPath: `/api/v1/events/${slug}/cameras/${r.code}/anpr`,
  }));
}

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
