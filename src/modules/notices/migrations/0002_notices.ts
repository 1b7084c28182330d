import type { Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/** Notices to an event's people, and who each one reached (the unread badge and the read receipts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await withId(db, s.createTable('notices'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('title_zh', 'text', notNull)
    .addColumn('title_en', 'text', notNull)
    .addColumn('body_zh', 'text', notNull)
    .addColumn('body_en', 'text', notNull)
    .addColumn('urgency', 'text', notNull)
    .addColumn('audience_kind', 'text', notNull)
    // the category name, board id or session id the audience kind needs; null for the others
    .addColumn('audience_value', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('publish_at', 'text', notNull)
    .addColumn('published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', notNull)
    .execute();
  await s.createIndex('notices_due').on('notices').columns(['status', 'publish_at']).execute();
  await s.createIndex('notices_event').on('notices').columns(['event_id', 'id']).execute();

  // One row per person a notice reached, written when it is published; its id orders deliveries (SSE ids).
  await withId(db, s.createTable('notice_deliveries'))
    .addColumn('notice_id', 'integer', (c) => c.notNull().references('notices.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notice_deliveries_notice_user', ['notice_id', 'user_id'])
    .execute();
  await s.createIndex('notice_deliveries_user').on('notice_deliveries').columns(['user_id', 'event_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notice_deliveries').ifExists().execute();
  await db.schema.dropTable('notices').ifExists().execute();
}
