import { affected, countOf } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';
import { eventGates } from '../accreditation/index.js';
import { eventZones } from '../events/index.js';

/** Access's personal data: every scan of a guest's badge at a gate, and where the guest is now. */
export const accessPrivacy: PrivacyRegistrant = {
  module: 'access',
  holds: [
    { what: 'badge scans at the gates (gate, zone, direction, verdict, time) linked to the guest and the credential', why: 'admission, anti-passback and the arrival reports', retention: 'unlinked from the guest after the event; gate, zone, direction, verdict and time stay for the statistics', zh: { what: '闸机处的证件扫描（闸机、区域、方向、结果、时间），关联嘉宾和证件', why: '入场核验、防回传和到场报告', retention: '活动结束后解除与嘉宾的关联；闸机、区域、方向、结果和时间保留用于统计' } },
    { what: 'presence: the zone a guest is in', why: 'anti-passback and occupancy', retention: 'deleted after the event', zh: { what: '在场：嘉宾所在区域', why: '防回传和区域人数', retention: '活动结束后删除' } },
  ],

  async export(ctx, person) {
    if (person.guestId === null) return [];
    const [scans, presence, gates, zones] = await Promise.all([
      ctx.db
        .selectFrom('scans')
        .select(['id', 'gate_id', 'zone_id', 'direction', 'verdict', 'code', 'scanned_at', 'offline'])
        .where('event_id', '=', person.eventId)
        .where('guest_id', '=', person.guestId)
        .orderBy('scanned_at')
        .orderBy('id')
        .execute(),
      ctx.db.selectFrom('presence').select(['zone_id', 'since']).where('event_id', '=', person.eventId).where('guest_id', '=', person.guestId).execute(),
      eventGates(ctx.db, person.eventId),
      eventZones(ctx.db, person.eventId),
    ]);
    // the gate and zone codes from their owners' reads (a scan's gate and zone are of its event)
    const gateCode = new Map(gates.map((g) => [g.id, g.code]));
    const zoneCode = new Map(zones.map((z) => [z.id, z.code]));
    const codeOf = <K,>(codes: Map<K, string>, id: K | null) => (id === null ? null : (codes.get(id) ?? null));
    return [
      ...scans.map((s) => ({ kind: 'scan', id: s.id, gate: codeOf(gateCode, s.gate_id), zone: codeOf(zoneCode, s.zone_id), direction: s.direction, verdict: s.verdict, code: s.code, scannedAt: s.scanned_at, offline: s.offline === 1 })),
      // presence joined its zone: a row whose zone is gone was left out
      ...presence.flatMap((p) => (zoneCode.has(p.zone_id) ? [{ kind: 'presence', zone: zoneCode.get(p.zone_id)!, since: p.since }] : [])),
    ];
  },

  async shred(ctx, event) {
    const scans = affected(
      await ctx.db
        .updateTable('scans')
        .set({ guest_id: null, credential_id: null })
        .where('event_id', '=', event.id)
        .where((eb) => eb.or([eb('guest_id', 'is not', null), eb('credential_id', 'is not', null)]))
        .executeTakeFirst(),
    );
    const presence = affected(await ctx.db.deleteFrom('presence').where('event_id', '=', event.id).executeTakeFirst());
    const kept = countOf(await ctx.db.selectFrom('scans').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    return { removed: { scanLinks: scans, presence }, kept: { scans: kept } };
  },
};
