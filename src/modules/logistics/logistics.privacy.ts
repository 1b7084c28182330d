import { affected, countOf } from '../../platform/privacy/count.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';

/** The carts' personal data: rides called by a guest, an account or a phone number. */
export const logisticsPrivacy: PrivacyRegistrant = {
  module: 'logistics',
  holds: [
    { what: 'cart rides: who called (guest, account or phone number), from where to where, party, wheelchair, times', why: 'dispatching the sightseeing carts and telling the rider where the cart is', retention: 'phone, guest and account unlinked after the event; stops, times and status stay for the statistics', zh: { what: '观光车行程：呼叫人（嘉宾、账户或电话号码）、起止站点、人数、轮椅、时间', why: '调度观光车并告知乘客车辆位置', retention: '活动结束后解除电话、嘉宾和账户的关联；站点、时间和状态保留用于统计' } },
  ],

  async export(ctx, person) {
    if (person.guestId === null && person.userId === null) return [];
    const rides = await ctx.db
      .selectFrom('cart_rides')
      .select(['id', 'code', 'origin_stop_id', 'destination_stop_id', 'party', 'wheelchair', 'phone', 'lang', 'status', 'requested_at', 'picked_up_at', 'dropped_off_at', 'closed_at'])
      .where('event_id', '=', person.eventId)
      .where((eb) => eb.or([...(person.guestId !== null ? [eb('guest_id', '=', person.guestId)] : []), ...(person.userId !== null ? [eb('user_id', '=', person.userId)] : [])]))
      .orderBy('id')
      .execute();
    const at = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
    return rides.map((r) => ({
      kind: 'ride',
      id: r.id,
      code: r.code,
      originStopId: r.origin_stop_id,
      destinationStopId: r.destination_stop_id,
      party: r.party,
      wheelchair: r.wheelchair === 1,
      phone: r.phone,
      language: r.lang,
      status: r.status,
      requestedAt: at(r.requested_at),
      pickedUpAt: at(r.picked_up_at),
      droppedOffAt: at(r.dropped_off_at),
      closedAt: at(r.closed_at),
    }));
  },

  async shred(ctx, event) {
    const rides = affected(
      await ctx.db
        .updateTable('cart_rides')
        .set({ phone: null, guest_id: null, user_id: null })
        .where('event_id', '=', event.id)
        .where((eb) => eb.or([eb('phone', 'is not', null), eb('guest_id', 'is not', null), eb('user_id', 'is not', null)]))
        .executeTakeFirst(),
    );
    const kept = countOf(await ctx.db.selectFrom('cart_rides').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', event.id).executeTakeFirst());
    return { removed: { rides }, kept: { rides: kept } };
  },
};
