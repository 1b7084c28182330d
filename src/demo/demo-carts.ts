import type { Db } from '../platform/db/database.js';
import { nowIso } from '../platform/db/database.js';
import { DEMO_CART_RULES, DEMO_CARTS, DEMO_LINKS, DEMO_STOPS } from './wic2017-carts.js';

/** The demo's cart driver, at the wheel of C01; the other carts wait for drivers an organiser names. */
export const DEMO_DRIVER_EMAIL = 'driver@wic2017.example.org';
const DEMO_DRIVER_CART = 'C01';

/**
 * The demo event's sightseeing carts: the rules, the 15 Wuzhen stops, their roads and 20 carts at their home stops,
 * free from now, working round the clock. Written once: an event that has stops already is left as it is.
 */
export async function loadDemoCarts(db: Db, eventId: number, now = Date.now()): Promise<void> {
  const existing = await db.selectFrom('cart_stops').select('id').where('event_id', '=', eventId).executeTakeFirst();
  if (existing) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('cart_settings')
      .values({
        event_id: eventId,
        max_wait: DEMO_CART_RULES.maxWaitSeconds,
        max_ride_factor: DEMO_CART_RULES.maxRideFactor,
        no_show_seconds: DEMO_CART_RULES.noShowSeconds,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    const stops = await trx
      .insertInto('cart_stops')
      .values(
        DEMO_STOPS.map((s, position) => ({
          event_id: eventId,
          code: s.code,
          name_zh: s.name.zh,
          name_en: s.name.en,
          lat: s.lat,
          lon: s.lon,
          active: 1,
          position,
        })),
      )
      .returning(['id', 'code'])
      .execute();
    const stopId = new Map(stops.map((s) => [s.code, s.id]));
    await trx
      .insertInto('cart_links')
      .values(
        DEMO_LINKS.map((l) => ({
          event_id: eventId,
          from_stop_id: stopId.get(l.from)!,
          to_stop_id: stopId.get(l.to)!,
          seconds: l.seconds,
          metres: l.metres,
        })),
      )
      .execute();
    const driver = await trx.selectFrom('users').select('id').where('email', '=', DEMO_DRIVER_EMAIL).executeTakeFirst();
    await trx
      .insertInto('carts')
      .values(
        DEMO_CARTS.map((c) => ({
          event_id: eventId,
          code: c.code,
          seats: c.seats,
          accessible: c.accessible ? 1 : 0,
          driver_user_id: c.code === DEMO_DRIVER_CART ? (driver?.id ?? null) : null,
          shift_start: '00:00',
          shift_end: '24:00',
          in_service: 1,
          node_stop_id: stopId.get(c.home)!,
          free_at: now,
          plan: '[]',
          updated_at: nowIso(),
        })),
      )
      .execute();
  });
}
