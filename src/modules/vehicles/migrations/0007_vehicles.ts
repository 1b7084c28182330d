import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

const eventFk = (c: ColumnDefinitionBuilder) => c.notNull().references('events.id').onDelete('cascade');

/**
 * Vehicle entrances: plate permits, the ANPR cameras that post to us, and every passage a camera reported with
 * the barrier decision taken. Zones are the event's zones (car park, VIP drop-off are zones like any hall).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await withId(db, s.createTable('vehicle_permits'))
    .addColumn('event_id', 'integer', eventFk)
    // normalised (see engines/plates/plate-grammar.ts): what matching compares
    .addColumn('plate', 'text', notNull)
    // as the organiser typed it, for display
    .addColumn('plate_text', 'text', notNull)
    .addColumn('vehicle_type', 'text', notNull)
    // the owner: a guest, a delegation, or free text (a supplier, a ministry car); at least one is set
    .addColumn('guest_id', 'integer', (c) => c.references('guests.id').onDelete('set null'))
    .addColumn('delegation_id', 'integer', (c) => c.references('delegations.id').onDelete('set null'))
    .addColumn('owner', 'text')
    // JSON array of the event's zone codes the vehicle may enter
    .addColumn('zones', 'text', notNull)
    // the window the permit is valid in (ISO-8601 UTC); null is open-ended
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await s.createIndex('vehicle_permits_event_plate').on('vehicle_permits').columns(['event_id', 'plate']).execute();

  await withId(db, s.createTable('cameras'))
    .addColumn('event_id', 'integer', eventFk)
    // in the camera's URL: short, stable, unique in the event
    .addColumn('code', 'text', notNull)
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    // the zone the entrance leads into
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id'))
    .addColumn('direction', 'text', notNull)
    // hikvision | dahua | json: what the camera is expected to send (any of the three is accepted)
    .addColumn('kind', 'text', notNull)
    // when set, only this device account may post for the camera
    .addColumn('device_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('cameras_event_code', ['event_id', 'code'])
    .execute();

  await withId(db, s.createTable('vehicle_passages'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('camera_id', 'integer', (c) => c.notNull().references('cameras.id').onDelete('cascade'))
    // the plate as the camera sent it, and normalised; null when none was read
    .addColumn('plate_read', 'text')
    .addColumn('plate', 'text')
    .addColumn('confidence', 'real')
    .addColumn('permit_id', 'integer', (c) => c.references('vehicle_permits.id').onDelete('set null'))
    // allow | deny | officer | unread | unreadable
    .addColumn('decision', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    // hikvision | dahua | json | image | unknown
    .addColumn('payload_kind', 'text', notNull)
    // hex SHA-256 of the body as received, to find the raw post in the camera's own log
    .addColumn('payload_sha256', 'text', notNull)
    // JSON array of file-store keys of the JPEGs the camera sent
    .addColumn('image_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    // the camera's own time, when it sent one
    .addColumn('camera_time', 'text')
    // when the server first and last received this passage; the same plate at the same camera within 30 s of
    // last_seen_at is one passage (cameras post a car several times as it moves)
    .addColumn('seen_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .addColumn('reports', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex('vehicle_passages_event_seen').on('vehicle_passages').columns(['event_id', 'seen_at']).execute();
  await s.createIndex('vehicle_passages_camera_plate').on('vehicle_passages').columns(['camera_id', 'plate', 'last_seen_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['vehicle_passages', 'cameras', 'vehicle_permits']) await db.schema.dropTable(t).execute();
}
