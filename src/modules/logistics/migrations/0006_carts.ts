import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

const eventFk = (c: ColumnDefinitionBuilder) => c.notNull().references('events.id').onDelete('cascade');

/**
 * Sightseeing carts: stops (with their position on the venue map), one-way road links between them, the fleet,
 * and every ride request with its outcome. The dispatcher's live state (each cart's position, plan and the open
 * rides) is kept here, not in memory, so a restart or another instance loses no open request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  // the service rules of an event's carts; the demo's are 10 minutes' wait, rides at most twice the direct time
  await s
    .createTable('cart_settings')
    .addColumn('event_id', 'integer', (c) => c.primaryKey().references('events.id').onDelete('cascade'))
    .addColumn('max_wait', 'integer', notNull)
    .addColumn('max_ride_factor', 'real', notNull)
    .addColumn('no_show_seconds', 'integer', notNull)
    .execute();

  await withId(db, s.createTable('cart_stops'))
    .addColumn('event_id', 'integer', eventFk)
    // printed on the poster and in the QR link: short, stable, unique in the event
    .addColumn('code', 'text', notNull)
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('lat', 'real', notNull)
    .addColumn('lon', 'real', notNull)
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('cart_stops_event_code', ['event_id', 'code'])
    .execute();

  // one row per direction: a two-way road is two rows
  await withId(db, s.createTable('cart_links'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('from_stop_id', 'integer', (c) => c.notNull().references('cart_stops.id').onDelete('cascade'))
    .addColumn('to_stop_id', 'integer', (c) => c.notNull().references('cart_stops.id').onDelete('cascade'))
    .addColumn('seconds', 'integer', notNull)
    .addColumn('metres', 'integer', notNull)
    .addUniqueConstraint('cart_links_event_from_to', ['event_id', 'from_stop_id', 'to_stop_id'])
    .execute();

  await withId(db, s.createTable('carts'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('code', 'text', notNull)
    .addColumn('seats', 'integer', notNull)
    .addColumn('accessible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('driver_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // daily working hours in the event's time zone, HH:MM; outside them a cart takes no new rides
    .addColumn('shift_start', 'text', notNull)
    .addColumn('shift_end', 'text', notNull)
    .addColumn('in_service', 'integer', (c) => c.notNull().defaultTo(1))
    // dispatcher state: the stop the cart is at (or reaches next), when it is free there (epoch ms), its plan (JSON)
    .addColumn('node_stop_id', 'integer', (c) => c.references('cart_stops.id').onDelete('set null'))
    .addColumn('free_at', 'bigint', notNull)
    // when the cart reached node_stop_id (epoch ms): the no-show wait runs from it, so callers absent at one stop
    // are waited for together; null when unknown (the wait then runs from free_at)
    .addColumn('arrived_at', 'bigint')
    .addColumn('plan', 'text', (c) => c.notNull().defaultTo('[]'))
    // the last position the phone reported, for the map; seq orders the driver's updates (replays are refused)
    .addColumn('lat', 'real')
    .addColumn('lon', 'real')
    .addColumn('position_at', 'text')
    .addColumn('driver_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('carts_event_code', ['event_id', 'code'])
    .execute();

  await withId(db, s.createTable('cart_rides'))
    .addColumn('event_id', 'integer', eventFk)
    // the guest's handle to follow and cancel the ride: random, unguessable
    .addColumn('token', 'text', (c) => c.notNull().unique())
    // four digits the guest shows the driver
    .addColumn('code', 'text', notNull)
    .addColumn('origin_stop_id', 'integer', (c) => c.notNull().references('cart_stops.id'))
    .addColumn('destination_stop_id', 'integer', (c) => c.notNull().references('cart_stops.id'))
    .addColumn('party', 'integer', notNull)
    .addColumn('wheelchair', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('guest_id', 'integer', (c) => c.references('guests.id').onDelete('set null'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('phone', 'text')
    .addColumn('lang', 'text', notNull)
    // assigned | onboard | done | cancelled | no_show | refused | stranded | rescue
    .addColumn('status', 'text', notNull)
    .addColumn('refusal', 'text')
    .addColumn('estimated_wait', 'integer')
    .addColumn('cart_id', 'integer', (c) => c.references('carts.id').onDelete('set null'))
    .addColumn('max_wait', 'integer', notNull)
    .addColumn('max_ride_factor', 'real', notNull)
    // epoch ms
    .addColumn('requested_at', 'bigint', notNull)
    .addColumn('pickup_eta', 'bigint')
    .addColumn('accepted_at', 'bigint')
    .addColumn('picked_up_at', 'bigint')
    .addColumn('dropped_off_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('direct_seconds', 'integer', notNull)
    .execute();
  await s.createIndex('cart_rides_event_status').on('cart_rides').columns(['event_id', 'status']).execute();
  await s.createIndex('cart_rides_cart').on('cart_rides').column('cart_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['cart_rides', 'carts', 'cart_links', 'cart_stops', 'cart_settings']) await db.schema.dropTable(t).execute();
}
