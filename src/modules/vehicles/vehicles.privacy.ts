import { sql } from 'kysely';
import { createFileStore } from '../../platform/files/file-store.js';
import { fromJson } from '../../platform/db/database.js';
import { affected, countOf } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';

/**
 * The vehicles module's personal data: parking permits naming a guest (plate, owner) and the camera passages of
 * those plates with their images. The shred unlinks permits from their guest, blanks owners and plates, and drops
 * plates and images from the passages; decisions, cameras and times stay for the statistics.
 */
export const vehiclesPrivacy: PrivacyRegistrant = {
  module: 'vehicles',
  holds: [
    { what: 'parking permits naming a guest or an owner, with the plate', why: 'opening the barrier for the guest\'s vehicle', retention: 'unlinked, owner and plate blanked after the event; type, zones and period stay', zh: { what: '注明嘉宾或车主的停车证及车牌', why: '为嘉宾车辆开启道闸', retention: '活动结束后解除关联，清空车主和车牌；车型、区域和有效期保留' } },
    { what: 'vehicle passages: plate read by the camera, the images, time and decision', why: 'barrier decisions and the passage log', retention: 'plates and images deleted after the event; camera, time and decision stay', zh: { what: '车辆通行记录：摄像头识别的车牌、图像、时间和放行决定', why: '道闸决定和通行日志', retention: '活动结束后删除车牌和图像；摄像头、时间和决定保留' } },
  ],

  async export(ctx, person) {
    if (person.guestId === null) return [];
    const permits = await ctx.db
      .selectFrom('vehicle_permits')
      .select(['id', 'plate', 'vehicle_type', 'owner', 'zones', 'valid_from', 'valid_to', 'created_at', 'revoked_at', 'revoke_reason'])
      .where('event_id', '=', person.eventId)
      .where('guest_id', '=', person.guestId)
      .orderBy('id')
      .execute();
    const ids = permits.map((p) => p.id);
    const passages = ids.length
      ? await ctx.db
          .selectFrom('vehicle_passages')
          .innerJoin('cameras', 'cameras.id', 'vehicle_passages.camera_id')
          .select(['vehicle_passages.id', 'cameras.code as camera', 'plate', 'plate_read', 'permit_id', 'decision', 'reason', 'seen_at', 'last_seen_at'])
          .where('vehicle_passages.permit_id', 'in', ids)
          .orderBy('vehicle_passages.seen_at')
          .execute()
      : [];
    return [
      ...permits.map((p) => ({ kind: 'permit', id: p.id, plate: p.plate, vehicleType: p.vehicle_type, owner: p.owner, zones: fromJson<string[]>(p.zones, []), validFrom: p.valid_from, validTo: p.valid_to, createdAt: p.created_at, revokedAt: p.revoked_at, revokeReason: p.revoke_reason })),
      ...passages.map((v) => ({ kind: 'passage', id: v.id, camera: v.camera, plate: v.plate, plateRead: v.plate_read, permitId: v.permit_id, decision: v.decision, reason: v.reason, seenAt: v.seen_at, lastSeenAt: v.last_seen_at })),
    ];
  },

  async shred(ctx, event) {
    // the plate becomes the permit's number: unique, and no longer anyone's car
    const permits = affected(
      await ctx.db
        .updateTable('vehicle_permits')
        .set({ guest_id: null, owner: null, plate: sql<string>`'#' || cast(id as text)`, plate_text: '' })
        .where('event_id', '=', event.id)
        .where((eb) => eb.or([eb('guest_id', 'is not', null), eb('owner', 'is not', null), eb('plate_text', '<>', '')]))
        .executeTakeFirst(),
    );
    const withImages = await ctx.db.selectFrom('vehicle_passages').select('image_keys').where('event_id', '=', event.id).where('image_keys', '<>', '[]').execute();
    const passages = affected(
      await ctx.db
        .updateTable('vehicle_passages')
        .set({ plate: null, plate_read: null, image_keys: '[]' })
        .where('event_id', '=', event.id)
        .where((eb) => eb.or([eb('plate', 'is not', null), eb('plate_read', 'is not', null), eb('image_keys', '<>', '[]')]))
        .executeTakeFirst(),
    );
    const keys = withImages.flatMap((p) => fromJson<string[]>(p.image_keys, []));
    const files = createFileStore(ctx.deps.config.filesDir);
    ctx.afterCommit(async () => {
      for (const key of keys) await files.remove(key);
    });
    const keptPermits = countOf(await ctx.db.selectFrom('vehicle_permits').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    const keptPassages = countOf(await ctx.db.selectFrom('vehicle_passages').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    return { removed: { permits, passagePlates: passages, images: keys.length }, kept: { permits: keptPermits, passages: keptPassages } };
  },
};
