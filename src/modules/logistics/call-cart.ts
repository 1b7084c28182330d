import { randomBytes, randomInt } from 'node:crypto';
import { poolingDispatcher } from '../../engines/dispatch/index.js';
import type { Tx } from '../../platform/db/database.js';
import { emit, type Actor, type Deps } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { checkCredential } from '../accreditation/index.js';
import { guestIdOfUser, isGuestOfEvent } from '../people/index.js';
import type { RideRequestBody, RideView } from './carts.schema.js';
import { loadDispatch, OPEN_STATUSES, saveDispatch, withCartLock, type RideRow } from './dispatch-state.js';
import { rideView } from './ride-view.js';

type Body = Omit<RideRequestBody, 'wheelchair'> & { wheelchair: boolean };

/** Who calls: an account, a badge (verified offline with the event's key) or a phone number. */
interface Caller {
  userId: number | null;
  guestId: number | null;
  phone: string | null;
  /** the field a second open ride is refused under */
  field: 'phone' | 'badge' | 'session';
}

async function identify(deps: Deps, trx: Tx, eventId: number, userId: number | null, body: Body): Promise<Result<Caller>> {
  if (userId !== null) {
    const guestId = await guestIdOfUser(trx, eventId, userId);
    return ok({ userId, guestId, phone: body.phone ?? null, field: 'session' });
  }
  if (body.phone !== undefined) return ok({ userId: null, guestId: null, phone: body.phone.replace(/[\s()-]/g, ''), field: 'phone' });
  if (body.badge !== undefined) {
    const checked = await checkCredential(deps, eventId, body.badge);
    if (!checked.ok) return refuse('ride_badge_invalid', 'badge', { reason: checked.code });
    if (!(await isGuestOfEvent(trx, eventId, checked.claims.guestId))) return refuse('ride_badge_invalid', 'badge', { reason: 'unknown_guest' });
    return ok({ userId: null, guestId: checked.claims.guestId, phone: null, field: 'badge' });
  }
  return refuse('ride_caller_required', 'phone');
}

async function openRideOf(trx: Tx, eventId: number, c: Caller): Promise<boolean> {
  let q = trx
    .selectFrom('cart_rides')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', 'in', [...OPEN_STATUSES]);
  q = q.where((eb) =>
    eb.or([
      ...(c.userId !== null ? [eb('user_id', '=', c.userId)] : []),
      ...(c.guestId !== null ? [eb('guest_id', '=', c.guestId)] : []),
      ...(c.phone !== null ? [eb('phone', '=', c.phone)] : []),
    ]),
  );
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * A guest calls a cart at a stop. Bad input (unknown or closed stop, the same stop twice, a party no cart can
 * ever take, no road between the stops) is refused and nothing is written. Otherwise the pooling dispatcher
 * decides at once: assigned (cart, pickup ETA, a code for the driver) or refused with the estimated wait; both are
 * stored, so the guest is told honestly and the live view counts the refusal.
 */
export async function callCart(
  deps: Deps,
  actor: Actor,
  eventId: number,
  body: Body,
  lang: 'zh' | 'en',
  nowMs: number,
): Promise<Result<RideView>> {
  return withCartLock(deps, eventId, async (trx, after) => {
    const loaded = await loadDispatch(trx, eventId, nowMs);
    const from = loaded.stops.find((s) => s.code === body.from);
    const to = loaded.stops.find((s) => s.code === body.to);
    if (!from) return refuse('ride_stop_unknown', 'from', { stop: body.from });
    if (!to) return refuse('ride_stop_unknown', 'to', { stop: body.to });
    if (from.active !== 1) return refuse('ride_stop_inactive', 'from', { stop: body.from });
    if (to.active !== 1) return refuse('ride_stop_inactive', 'to', { stop: body.to });
    if (from.id === to.id) return refuse('ride_same_stop', 'to');
    const largest = Math.max(0, ...loaded.carts.map((c) => c.seats));
    if (body.party > largest) return refuse('ride_party_too_large', 'party', { max: largest });
    const [o, d] = [loaded.node.get(from.id)!, loaded.node.get(to.id)!];
    const direct = loaded.paths.travel(o, d);
    if (!Number.isFinite(direct)) return refuse('ride_no_route', 'to', { from: body.from, to: body.to });
    const caller = await identify(deps, trx, eventId, actor.userId, body);
    if (!caller.ok) return caller;
    if (await openRideOf(trx, eventId, caller.value))
      return refuse('ride_already_open', caller.value.field === 'session' ? 'from' : caller.value.field);

    const base = {
      event_id: eventId,
      token: randomBytes(18).toString('base64url'),
      code: String(randomInt(0, 10_000)).padStart(4, '0'),
      origin_stop_id: from.id,
      destination_stop_id: to.id,
      party: body.party,
      wheelchair: body.wheelchair ? 1 : 0,
      guest_id: caller.value.guestId,
      user_id: caller.value.userId,
      phone: caller.value.phone,
      lang,
      max_wait: loaded.rules.maxWaitSeconds,
      max_ride_factor: loaded.rules.maxRideFactor,
      requested_at: nowMs,
      direct_seconds: Math.round(direct),
    };
    // the row first: the engine's request id is the ride id
    const inserted = await trx
      .insertInto('cart_rides')
      .values({ ...base, status: 'refused' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = inserted.id;
    const nowSec = nowMs / 1000;
    const { state, outcome } = poolingDispatcher.request(
      loaded.state,
      {
        id: String(id),
        origin: o,
        destination: d,
        party: body.party,
        wheelchair: body.wheelchair,
        requestedAt: nowSec,
        maxWait: loaded.rules.maxWaitSeconds,
        maxRideFactor: loaded.rules.maxRideFactor,
      },
      nowSec,
    );
    const payload = { rideId: id, from: from.code, to: to.code, party: body.party, wheelchair: body.wheelchair };
    after.push(() => emit(deps, actor, eventId, { type: 'ride.requested', payload }));
    if (outcome.kind === 'assigned') {
      const row: RideRow = {
        ...base,
        id,
        status: 'assigned',
        refusal: null,
        estimated_wait: null,
        cart_id: Number(outcome.cart),
        pickup_eta: null,
        accepted_at: null,
        picked_up_at: null,
        dropped_off_at: null,
        closed_at: null,
      };
      loaded.rides.set(id, row);
      await saveDispatch(trx, loaded, state, nowSec);
      const cart = loaded.carts.find((c) => c.id === Number(outcome.cart))!;
      after.push(() =>
        emit(deps, actor, eventId, {
          type: 'ride.assigned',
          payload: { rideId: id, cart: cart.code, pickupEta: new Date(Math.round(outcome.pickupEta * 1000)).toISOString() },
        }),
      );
      const saved = await trx.selectFrom('cart_rides').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return ok(rideView({ ...loaded, state }, saved, nowMs));
    }
    const refusal = outcome.kind === 'refused' && outcome.code === 'no-suitable-cart' ? 'no_suitable_cart' : 'wait_too_long';
    const wait = outcome.kind === 'refused' || outcome.kind === 'queued' ? outcome.estimatedWait : null;
    const estimated = wait !== null ? Math.round(wait) : null;
    await trx.updateTable('cart_rides').set({ refusal, estimated_wait: estimated, closed_at: nowMs }).where('id', '=', id).execute();
    after.push(() =>
      emit(deps, actor, eventId, { type: 'ride.refused', payload: { rideId: id, refusal, estimatedWaitSeconds: estimated } }),
    );
    const saved = await trx.selectFrom('cart_rides').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return ok(rideView(loaded, saved, nowMs));
  });
}
