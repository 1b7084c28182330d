import { affected, countOf } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';
import { eventZones } from '../events/index.js';

/**
 * Accreditation's personal data: a guest's credentials (their badge's QR, printing, desk hand-out) and zone
 * overrides with their reasons. The shred revokes what is still valid and drops the reasons; the credential rows
 * stay for the counts (issued, printed, collected), linked to an anonymised guest.
 */
export const accreditationPrivacy: PrivacyRegistrant = {
  module: 'accreditation',
  holds: [
    { what: 'credentials: the signed badge QR, when issued, printed, revoked and why', why: 'admission at the gates and badge printing', retention: 'revoked after the event; the rows stay for the counts', zh: { what: '证件：签名的证件二维码，签发、打印、吊销的时间及原因', why: '闸机入场和证件打印', retention: '活动结束后吊销；记录保留用于计数' } },
    { what: 'badge hand-out at the desk (when collected)', why: 'knowing who holds a badge', retention: 'kept with the anonymised guest', zh: { what: '服务台发证（领取时间）', why: '了解谁持有证件', retention: '随匿名化的嘉宾记录保留' } },
    { what: 'zone grants and bans for one guest, with the reason', why: 'access beyond or below the guest\'s category', retention: 'reason deleted after the event', zh: { what: '针对个别嘉宾的区域授权和禁止及其原因', why: '超出或低于嘉宾类别的通行权限', retention: '活动结束后删除原因' } },
  ],

  async export(ctx, person) {
    if (person.guestId === null) return [];
    const creds = await ctx.db
      .selectFrom('credentials')
      .select(['id', 'issued_at', 'expires_at', 'revoked_at', 'revoke_reason', 'printed_at'])
      .where('event_id', '=', person.eventId)
      .where('guest_id', '=', person.guestId)
      .orderBy('id')
      .execute();
    const zoneCode = new Map((await eventZones(ctx.db, person.eventId)).map((z) => [z.id, z.code]));
    const overrides = (await ctx.db.selectFrom('guest_zone_overrides').select(['id', 'zone_id', 'kind', 'starts_at', 'ends_at', 'reason']).where('guest_id', '=', person.guestId).orderBy('id').execute())
      // an override is always in a zone of its guest's event (manage-overrides checks it)
      .flatMap((o) => (zoneCode.has(o.zone_id) ? [{ ...o, zone: zoneCode.get(o.zone_id)! }] : []));
    return [
      ...creds.map((c) => ({ kind: 'credential', id: c.id, issuedAt: c.issued_at, expiresAt: c.expires_at, revokedAt: c.revoked_at, revokeReason: c.revoke_reason, printedAt: c.printed_at })),
      ...overrides.map((o) => ({ kind: 'zone_override', id: o.id, zone: o.zone, type: o.kind, startsAt: o.starts_at, endsAt: o.ends_at, reason: o.reason })),
    ];
  },

  async shred(ctx, event) {
    const at = new Date().toISOString();
    const credentials = affected(
      await ctx.db.updateTable('credentials').set({ revoked_at: at, revoke_reason: 'shredded' }).where('event_id', '=', event.id).where('revoked_at', 'is', null).executeTakeFirst(),
    );
    // the event's guests' overrides are those in the event's zones (manage-overrides checks it)
    const zoneIds = (await eventZones(ctx.db, event.id)).map((z) => z.id);
    const overrideReasons =
      zoneIds.length === 0
        ? 0
        : affected(await ctx.db.updateTable('guest_zone_overrides').set({ reason: null }).where('zone_id', 'in', zoneIds).where('reason', 'is not', null).executeTakeFirst());
    const kept = countOf(await ctx.db.selectFrom('credentials').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    return { removed: { credentials, overrideReasons }, kept: { credentials: kept } };
  },
};
