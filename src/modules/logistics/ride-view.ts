import type { Queryable } from '../../platform/db/database.js';
import { guestNames } from '../people/index.js';
import type { CartAdmin, DriverRide, PublicStop, RideStatus, RideView } from './carts.schema.js';
import { etas, nullableNumber, parsePlan, type CartRow, type Loaded, type RideRow, type StopRow } from './dispatch-state.js';

/** How rides and carts are shown: to the guest following a ride, and to the driver. */

const iso = (ms: number | string | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

export const publicStop = (s: StopRow): PublicStop => ({ code: s.code, name: { zh: s.name_zh, en: s.name_en }, lat: s.lat, lon: s.lon });

/** The cart's last reported position, or the stop it is at (or reaches next) when the phone has not reported. */
function position(cart: CartRow, stops: readonly StopRow[]) {
  const stop = stops.find((s) => s.id === cart.node_stop_id) ?? null;
  if (cart.lat !== null && cart.lon !== null)
    return { lat: cart.lat, lon: cart.lon, positionAt: cart.position_at, stop: stop?.code ?? null };
  return { lat: stop?.lat ?? null, lon: stop?.lon ?? null, positionAt: null, stop: stop?.code ?? null };
}

export function rideView(loaded: Loaded, ride: RideRow, nowMs: number): RideView {
  const stop = (id: number) => loaded.stops.find((s) => s.id === id)!;
  const cart = ride.cart_id !== null ? (loaded.carts.find((c) => c.id === ride.cart_id) ?? null) : null;
  let eta: number | null = null;
  if (ride.status === 'assigned' || ride.status === 'onboard') {
    const live = etas(loaded.state, nowMs / 1000);
    eta = ride.status === 'assigned' ? (live.pickup.get(ride.id) ?? nullableNumber(ride.pickup_eta)) : (live.dropoff.get(ride.id) ?? null);
  }
  return {
    token: ride.token,
    code: ride.code,
    status: ride.status as RideStatus,
    from: publicStop(stop(ride.origin_stop_id)),
    to: publicStop(stop(ride.destination_stop_id)),
    party: ride.party,
    wheelchair: ride.wheelchair === 1,
    requestedAt: iso(ride.requested_at)!,
    eta: iso(eta),
    etaSeconds: eta !== null ? Math.max(0, Math.round((eta - nowMs) / 1000)) : null,
    cart: cart ? { code: cart.code, seats: cart.seats, accessible: cart.accessible === 1, ...position(cart, loaded.stops) } : null,
    refusal: ride.refusal === 'wait_too_long' || ride.refusal === 'no_suitable_cart' ? ride.refusal : null,
    estimatedWaitSeconds: ride.estimated_wait,
    pickedUpAt: iso(ride.picked_up_at),
    droppedOffAt: iso(ride.dropped_off_at),
  };
}

export async function cartAdmin(db: Queryable, loaded: Loaded, cart: CartRow): Promise<CartAdmin> {
  const driver =
    cart.driver_user_id !== null
      ? await db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', '=', cart.driver_user_id).executeTakeFirst()
      : undefined;
  const mine = [...loaded.rides.values()].filter((r) => r.cart_id === cart.id);
  const pos = position(cart, loaded.stops);
  return {
    code: cart.code,
    seats: cart.seats,
    accessible: cart.accessible === 1,
    driver: driver ? { id: driver.id, email: driver.email, name: driver.display_name } : null,
    shiftStart: cart.shift_start,
    shiftEnd: cart.shift_end,
    inService: cart.in_service === 1,
    stop: pos.stop,
    lat: pos.lat,
    lon: pos.lon,
    positionAt: cart.position_at,
    aboard: mine.filter((r) => r.status === 'onboard').reduce((n, r) => n + r.party, 0),
    planned: mine.filter((r) => r.status === 'assigned').length,
  };
}

/** What the driver is told about a rider: the name from the badge or account, else the phone's last four digits. */
export async function riderNames(db: Queryable, rides: readonly RideRow[]): Promise<Map<number, string>> {
  const guestIds = [...new Set(rides.flatMap((r) => (r.guest_id !== null ? [r.guest_id] : [])))];
  const userIds = [...new Set(rides.flatMap((r) => (r.guest_id === null && r.user_id !== null ? [r.user_id] : [])))];
  const guests = await guestNames(db, guestIds);
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
  const names = new Map<number, string>();
  for (const r of rides) {
    const name =
      (r.guest_id !== null ? guests.get(r.guest_id) : undefined) ??
      (r.user_id !== null ? users.find((u) => u.id === r.user_id)?.display_name : undefined) ??
      (r.phone ? `…${r.phone.replace(/\D/g, '').slice(-4)}` : '?');
    names.set(r.id, name);
  }
  return names;
}

export function driverRide(loaded: Loaded, ride: RideRow, who: string): DriverRide {
  const code = (id: number) => loaded.stops.find((s) => s.id === id)?.code ?? '?';
  return {
    id: ride.id,
    code: ride.code,
    party: ride.party,
    wheelchair: ride.wheelchair === 1,
    who,
    from: code(ride.origin_stop_id),
    to: code(ride.destination_stop_id),
    status: ride.status as RideStatus,
    accepted: ride.accepted_at !== null,
  };
}

/** The cart's plan as stops in order, consecutive plan stops at the same stop grouped into one. */
export function planStops(loaded: Loaded, cart: CartRow, names: Map<number, string>, nowMs: number) {
  const engineCart = loaded.state.carts.find((c) => c.id === String(cart.id));
  const plan = engineCart?.plan ?? parsePlan(cart.plan);
  const { pickup, dropoff } = etas(loaded.state, nowMs / 1000);
  const stops: Array<{ stop: PublicStop; eta: string; pickups: DriverRide[]; dropoffs: DriverRide[] }> = [];
  let lastStopId: number | null = null;
  for (const p of plan) {
    const ride = loaded.rides.get(Number(p.request));
    if (!ride) continue;
    const stopId = p.kind === 'pickup' ? ride.origin_stop_id : ride.destination_stop_id;
    const at = (p.kind === 'pickup' ? pickup : dropoff).get(ride.id) ?? nowMs;
    const view = driverRide(loaded, ride, names.get(ride.id) ?? '?');
    if (lastStopId !== stopId || stops.length === 0) {
      stops.push({ stop: publicStop(loaded.stops.find((s) => s.id === stopId)!), eta: iso(at)!, pickups: [], dropoffs: [] });
      lastStopId = stopId;
    }
    const group = stops[stops.length - 1]!;
    (p.kind === 'pickup' ? group.pickups : group.dropoffs).push(view);
  }
  return stops;
}
