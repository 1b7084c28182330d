import type { Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/** The document library: publications with bilingual metadata, one stored file each, and download counts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await withId(db, s.createTable('documents'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('kind', 'text', notNull)
    .addColumn('title_zh', 'text', notNull)
    .addColumn('title_en', 'text', notNull)
    .addColumn('description_zh', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('audience', 'text', notNull)
    .addColumn('embargo_until', 'text')
    .addColumn('file_key', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', notNull)
    .addColumn('file_size', 'integer', notNull)
    .addColumn('file_sha256', 'text', notNull)
    .addColumn('media_type', 'text', notNull)
    .addColumn('download_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await s.createIndex('documents_event').on('documents').columns(['event_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('documents').ifExists().execute();
}
