import { DateTime } from 'luxon';
import type { EventRow } from '../events/index.js';
import type { Deps } from '../../platform/deps.js';
import { ok, type Result } from '../../platform/result.js';
import type { CartLive } from './carts.schema.js';
import { cartAdminViews, OPEN_RIDE_STATUSES, readStops } from './network.store.js';

/**
 * The console's live view of the carts, read from the tables the rides service keeps current (carts' stops and
 * plans, rides' pickup ETAs): where the carts are, who is waiting and for how long, and today's service since the
 * event's local midnight. A wait is the time from the call to the pick-up; a ride is served when it was picked up
 * within the maximum wait it was promised.
 */

const TEN_MINUTES = 10 * 60_000;
/** the histogram's buckets in minutes; the last one holds every longer wait */
const HISTOGRAM_FROM = [0, 2, 4, 6, 8, 10];

const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
/** nearest rank: the smallest wait that at least 95 % of the waits do not exceed */
function p95(xs: number[]): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.ceil(0.95 * sorted.length) - 1]!);
}
const iso = (ms: number) => new Date(ms).toISOString();
const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function readCartLive(deps: Deps, event: EventRow, at: number): Promise<Result<CartLive>> {
  const db = deps.db;
  const stopRows = await readStops(db, event.id);
  const codeOf = new Map(stopRows.map((s) => [s.id, s.code]));
  const carts = await cartAdminViews(db, event.id);
  const cartCode = new Map(
    (await db.selectFrom('carts').select(['id', 'code']).where('event_id', '=', event.id).execute()).map((c) => [c.id, c.code]),
  );

  const midnight = DateTime.fromMillis(at, { zone: event.timezone }).startOf('day').toMillis();
  const rides = await db
    .selectFrom('cart_rides')
    .select([
      'id',
      'origin_stop_id',
      'destination_stop_id',
      'party',
      'wheelchair',
      'status',
      'cart_id',
      'max_wait',
      'requested_at',
      'pickup_eta',
      'picked_up_at',
    ])
    .where('event_id', '=', event.id)
    .where((eb) => eb.or([eb('status', 'in', OPEN_RIDE_STATUSES), eb('requested_at', '>=', midnight)]))
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
  const all = rides.map((r) => ({
    ...r,
    requested: Number(r.requested_at),
    pickedUp: num(r.picked_up_at),
    eta: num(r.pickup_eta),
    maxWaitMs: Number(r.max_wait) * 1000,
  }));

  const open = all.filter((r) => (OPEN_RIDE_STATUSES as readonly string[]).includes(r.status));
  const waitSoFar = (r: (typeof all)[number]) => Math.max(0, Math.floor(((r.pickedUp ?? at) - r.requested) / 1000));
  const waiting = open.filter((r) => r.status === 'assigned');

  const today = all.filter((r) => r.requested >= midnight && r.requested <= at);
  const count = (status: string) => today.filter((r) => r.status === status).length;
  const pickedUp = today.filter((r) => r.pickedUp !== null);
  const waits = pickedUp.map((r) => (r.pickedUp! - r.requested) / 1000);
  const served = pickedUp.filter((r) => r.pickedUp! - r.requested <= r.maxWaitMs).length;
  // a call still waiting within its maximum wait may yet be served: it is not decided
  const undecided = today.filter((r) => r.status === 'assigned' && at - r.requested <= r.maxWaitMs).length;
  const decided = today.length - undecided;

  const histogram = HISTOGRAM_FROM.map((fromMinutes, i) => {
    const to = HISTOGRAM_FROM[i + 1];
    return { fromMinutes, count: waits.filter((w) => w >= fromMinutes * 60 && (to === undefined || w < to * 60)).length };
  });
  const series = Array.from({ length: Math.floor((at - midnight) / TEN_MINUTES) + 1 }, (_, k) => {
    const start = midnight + k * TEN_MINUTES;
    const inBucket = (t: number | null) => t !== null && t >= start && t < start + TEN_MINUTES;
    const picked = pickedUp.filter((r) => inBucket(r.pickedUp));
    return {
      at: iso(start),
      requests: today.filter((r) => inBucket(r.requested)).length,
      waitMeanSeconds: mean(picked.map((r) => (r.pickedUp! - r.requested) / 1000)),
    };
  });

  const people = (rs: typeof all) => rs.reduce((sum, r) => sum + Number(r.party), 0);
  return ok({
    at: iso(at),
    stops: stopRows
      .filter((s) => Number(s.active) === 1)
      .map((s) => ({ code: s.code, name: { zh: s.name_zh, en: s.name_en }, lat: Number(s.lat), lon: Number(s.lon) })),
    carts,
    open: open.map((r) => ({
      id: Number(r.id),
      from: codeOf.get(r.origin_stop_id) ?? '',
      to: codeOf.get(r.destination_stop_id) ?? '',
      party: Number(r.party),
      wheelchair: Number(r.wheelchair) === 1,
      status: r.status as CartLive['open'][number]['status'],
      cart: r.cart_id !== null ? (cartCode.get(r.cart_id) ?? null) : null,
      requestedAt: iso(r.requested),
      waitingSeconds: waitSoFar(r),
      eta: r.status === 'assigned' && r.eta !== null ? iso(r.eta) : null,
    })),
    now: {
      waiting: people(waiting),
      aboard: people(open.filter((r) => r.status !== 'assigned')),
      longestWaitSeconds: waiting.reduce((m, r) => Math.max(m, waitSoFar(r)), 0),
      cartsInService: carts.filter((c) => c.inService).length,
    },
    today: {
      requests: today.length,
      served,
      refused: count('refused'),
      cancelled: count('cancelled'),
      noShow: count('no_show'),
      serviceRate: decided > 0 ? served / decided : null,
      waitMeanSeconds: mean(waits),
      waitP95Seconds: p95(waits),
      waitHistogram: histogram,
      series,
    },
  });
}
