import { sql, type Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/** The spine: settings, events and venues, accounts, the programme, agenda and audit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.createTable('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', notNull).execute();

  await withId(db, s.createTable('events'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('timezone', 'text', notNull)
    .addColumn('start_date', 'text', notNull)
    .addColumn('end_date', 'text', notNull)
    .addColumn('languages', 'text', notNull)
    .addColumn('venue_name_zh', 'text')
    .addColumn('venue_name_en', 'text')
    .addColumn('venue_address_zh', 'text')
    .addColumn('venue_address_en', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await withId(db, s.createTable('zones'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('code', 'text', notNull)
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addUniqueConstraint('zones_event_code', ['event_id', 'code'])
    .execute();

  await withId(db, s.createTable('venues'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('external_ref', 'text')
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('address_zh', 'text', notNull)
    .addColumn('address_en', 'text', notNull)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('venues_event_ref', ['event_id', 'external_ref'])
    .execute();

  await withId(db, s.createTable('rooms'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('venue_id', 'integer', (c) => c.references('venues.id').onDelete('set null'))
    .addColumn('external_ref', 'text')
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('capacity', 'integer')
    .addColumn('floor', 'text')
    .addColumn('zone_id', 'integer', (c) => c.references('zones.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('rooms_event_ref', ['event_id', 'external_ref'])
    .execute();

  await withId(db, s.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('display_name', 'text', notNull)
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', notNull)
    .execute();

  await withId(db, s.createTable('boards'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('external_ref', 'text')
    .addColumn('code', 'text', notNull)
    .addColumn('title_zh', 'text', notNull)
    .addColumn('title_en', 'text', notNull)
    .addColumn('color', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('boards_event_code', ['event_id', 'code'])
    .execute();

  await withId(db, s.createTable('role_grants'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', notNull)
    .addColumn('event_id', 'integer', (c) => c.references('events.id').onDelete('cascade'))
    .addColumn('board_id', 'integer', (c) => c.references('boards.id').onDelete('cascade'))
    .execute();
  await s.createIndex('role_grants_user').on('role_grants').column('user_id').execute();

  await s
    .createTable('auth_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .execute();

  await withId(db, s.createTable('api_tokens'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', notNull)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', notNull)
    .addColumn('last_used_at', 'text')
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, s.createTable('organisations'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('external_ref', 'text')
    .addColumn('name_zh', 'text', notNull)
    .addColumn('name_en', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('country', 'text')
    .addUniqueConstraint('organisations_event_ref', ['event_id', 'external_ref'])
    .execute();

  await withId(db, s.createTable('people'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('external_ref', 'text')
    .addColumn('name', 'text', notNull)
    .addColumn('name_latin', 'text', notNull)
    .addColumn('sort_key', 'text', notNull)
    .addColumn('organisation', 'text')
    .addColumn('title_zh', 'text')
    .addColumn('title_en', 'text')
    .addColumn('bio_zh', 'text')
    .addColumn('bio_en', 'text')
    .addColumn('photo_url', 'text')
    .addColumn('email', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('people_event_ref', ['event_id', 'external_ref'])
    .execute();

  await withId(db, s.createTable('sessions'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('external_ref', 'text')
    .addColumn('guid', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('board_id', 'integer', (c) => c.references('boards.id').onDelete('set null'))
    .addColumn('title_zh', 'text', notNull)
    .addColumn('title_en', 'text', notNull)
    .addColumn('description_zh', 'text', notNull)
    .addColumn('description_en', 'text', notNull)
    .addColumn('languages', 'text', notNull)
    .addColumn('interpretation', 'text', notNull)
    .addColumn('room_id', 'integer', (c) => c.references('rooms.id').onDelete('set null'))
    .addColumn('starts_at', 'text', notNull)
    .addColumn('ends_at', 'text', notNull)
    .addColumn('expected_audience', 'integer')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addUniqueConstraint('sessions_event_ref', ['event_id', 'external_ref'])
    .addUniqueConstraint('sessions_event_code', ['event_id', 'code'])
    .execute();
  await s.createIndex('sessions_event_start').on('sessions').columns(['event_id', 'starts_at']).execute();

  await s
    .createTable('session_people')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', notNull)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('session_people_pk', ['session_id', 'person_id', 'role'])
    .execute();
  await s.createIndex('session_people_person').on('session_people').column('person_id').execute();

  await s
    .createTable('session_hosts')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('session_hosts_pk', ['session_id', 'organisation_id'])
    .execute();

  await s
    .createTable('session_invitations')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('session_invitations_pk', ['session_id', 'user_id'])
    .execute();

  await withId(db, s.createTable('publications'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('version', 'integer', notNull)
    .addColumn('published_at', 'text', notNull)
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('snapshot', 'text', notNull)
    .addColumn('changelog', 'text', notNull)
    .addUniqueConstraint('publications_event_version', ['event_id', 'version'])
    .execute();

  await s
    .createTable('agenda_stars')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('created_at', 'text', notNull)
    .addPrimaryKeyConstraint('agenda_stars_pk', ['user_id', 'session_id'])
    .execute();
  await s.createIndex('agenda_stars_session').on('agenda_stars').column('session_id').execute();

  await s
    .createTable('calendar_feeds')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('nonce', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addPrimaryKeyConstraint('calendar_feeds_pk', ['user_id', 'event_id'])
    .execute();

  await withId(db, s.createTable('audit_log'))
    .addColumn('at', 'text', notNull)
    .addColumn('type', 'text', notNull)
    .addColumn('actor_user_id', 'integer')
    .addColumn('event_id', 'integer')
    .addColumn('request_id', 'text')
    .addColumn('payload', 'text', notNull)
    .execute();
  await s.createIndex('audit_log_event_at').on('audit_log').columns(['event_id', 'at']).execute();
  await sql`select 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'audit_log', 'calendar_feeds', 'agenda_stars', 'publications', 'session_invitations', 'session_hosts',
    'session_people', 'sessions', 'people', 'organisations', 'api_tokens', 'auth_sessions', 'role_grants',
    'boards', 'users', 'rooms', 'venues', 'zones', 'events', 'settings',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
