import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

const eventFk = (c: ColumnDefinitionBuilder) => c.notNull().references('events.id').onDelete('cascade');

/**
 * Guests and accreditation: invitees and their registration, delegations, the invitation outbox, categories that
 * grant zones in time windows, individual grants and bans, the event's signing key, credentials (badges), gates,
 * every scan once per nonce, and who is inside which zone now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;

  await withId(db, s.createTable('categories'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('code', 'text', notNull)
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    // the badge's band colour, #rrggbb
    .addColumn('color', 'text', notNull)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('categories_event_code', ['event_id', 'code'])
    .execute();

  // A category's access: one row per zone and window; null bounds mean the whole event.
  await withId(db, s.createTable('category_zones'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .execute();
  await s.createIndex('category_zones_category').on('category_zones').column('category_id').execute();

  await withId(db, s.createTable('delegations'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('code', 'text', notNull)
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('country', 'text')
    .addUniqueConstraint('delegations_event_code', ['event_id', 'code'])
    .execute();

  await withId(db, s.createTable('guests'))
    .addColumn('event_id', 'integer', eventFk)
    // the account the guest signs in with (the attendee app); made at import or at registration
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('external_ref', 'text')
    .addColumn('name', 'text', notNull)
    .addColumn('name_latin', 'text', notNull)
    .addColumn('sort_key', 'text', notNull)
    .addColumn('organisation', 'text')
    .addColumn('title', 'text')
    .addColumn('country', 'text')
    .addColumn('delegation_id', 'integer', (c) => c.references('delegations.id').onDelete('set null'))
    .addColumn('delegation_head', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('language', 'text', notNull)
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    // invited | registered | changes_requested | approved | rejected | cancelled
    .addColumn('status', 'text', notNull)
    // sha256 of the personal invitation token; the token itself is only in the link sent
    .addColumn('invite_hash', 'text', (c) => c.unique())
    .addColumn('invited_at', 'text')
    // JSON Registration (identity document, travel, hotel, dietary, accessibility, languages)
    .addColumn('registration', 'text')
    // JSON { data_processing, face_recognition, photography }: each { given, at }
    .addColumn('consents', 'text')
    .addColumn('photo_key', 'text')
    .addColumn('registered_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'text')
    .addColumn('badge_collected_at', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await s.createIndex('guests_event_sort').on('guests').columns(['event_id', 'sort_key']).execute();
  await s.createIndex('guests_event_email').on('guests').columns(['event_id', 'email']).execute();
  await s.createIndex('guests_user').on('guests').columns(['user_id']).execute();

  await withId(db, s.createTable('guest_zone_overrides'))
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id').onDelete('cascade'))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    // grant | ban
    .addColumn('kind', 'text', notNull)
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await s.createIndex('guest_zone_overrides_guest').on('guest_zone_overrides').column('guest_id').execute();

  await withId(db, s.createTable('message_templates'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('kind', 'text', notNull)
    .addColumn('language', 'text', notNull)
    .addColumn('subject', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addUniqueConstraint('message_templates_key', ['event_id', 'kind', 'language'])
    .execute();

  await withId(db, s.createTable('outbox'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('guest_id', 'integer', (c) => c.references('guests.id').onDelete('set null'))
    .addColumn('kind', 'text', notNull)
    .addColumn('channel', 'text', notNull)
    .addColumn('recipient', 'text', notNull)
    .addColumn('language', 'text', notNull)
    .addColumn('subject', 'text', notNull)
    .addColumn('body', 'text', notNull)
    // queued | sent | written (no SMTP: kept in the local outbox) | failed
    .addColumn('status', 'text', notNull)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('sent_at', 'text')
    .execute();
  await s.createIndex('outbox_event').on('outbox').columns(['event_id', 'id']).execute();

  // The event's Ed25519 key pair: the public key goes to gates, the private key (encrypted) never leaves.
  await s
    .createTable('event_keys')
    .addColumn('event_id', 'integer', (c) => c.primaryKey().references('events.id').onDelete('cascade'))
    .addColumn('public_key', 'text', notNull)
    .addColumn('private_key', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db, s.createTable('credentials'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id').onDelete('cascade'))
    .addColumn('payload', 'text', notNull)
    .addColumn('issued_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('printed_at', 'text')
    .execute();
  await s.createIndex('credentials_guest').on('credentials').columns(['guest_id', 'revoked_at']).execute();
  await s.createIndex('credentials_event').on('credentials').columns(['event_id', 'revoked_at']).execute();

  await withId(db, s.createTable('gates'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('code', 'text', notNull)
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('room_id', 'integer', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('anti_passback', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('gates_event_code', ['event_id', 'code'])
    .execute();

  // Every scan, once per (event, nonce): a station's retry or a replayed upload finds the row already there.
  await withId(db, s.createTable('scans'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('nonce', 'text', notNull)
    .addColumn('credential_id', 'integer')
    .addColumn('guest_id', 'integer', (c) => c.references('guests.id').onDelete('set null'))
    .addColumn('gate_id', 'integer', (c) => c.references('gates.id').onDelete('set null'))
    .addColumn('zone_id', 'integer', (c) => c.references('zones.id').onDelete('set null'))
    .addColumn('direction', 'text', notNull)
    .addColumn('verdict', 'text', notNull)
    .addColumn('code', 'text', notNull)
    .addColumn('scanned_at', 'text', notNull)
    .addColumn('received_at', 'text', notNull)
    .addColumn('device_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // 1 when the station decided it offline and uploaded it later
    .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
    // why the server disagrees with an offline verdict, e.g. the same badge entering at two gates
    .addColumn('conflict', 'text')
    .addUniqueConstraint('scans_event_nonce', ['event_id', 'nonce'])
    .execute();
  await s.createIndex('scans_event_time').on('scans').columns(['event_id', 'scanned_at']).execute();
  await s.createIndex('scans_guest').on('scans').columns(['guest_id', 'scanned_at']).execute();

  // Who is inside which zone now: the anti-passback state and the live occupancy.
  await s
    .createTable('presence')
    .addColumn('guest_id', 'integer', (c) => c.notNull().references('guests.id').onDelete('cascade'))
    .addColumn('zone_id', 'integer', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', eventFk)
    .addColumn('gate_id', 'integer', (c) => c.references('gates.id').onDelete('set null'))
    .addColumn('since', 'text', notNull)
    .addPrimaryKeyConstraint('presence_pk', ['guest_id', 'zone_id'])
    .execute();
  await s.createIndex('presence_event_zone').on('presence').columns(['event_id', 'zone_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'presence', 'scans', 'gates', 'credentials', 'event_keys', 'outbox', 'message_templates',
    'guest_zone_overrides', 'guests', 'delegations', 'category_zones', 'categories',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
