import type { Kysely } from 'kysely';
import { notNull, withId } from './dialect.js';

/**
 * Face enrolments (issue 6): one per guest who gave the face-recognition consent and whose registration photo
 * passed the enrolment checks. The 128-d descriptor is stored sealed (AES-256-GCM), never in clear.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withId(db, db.schema.createTable('face_enrolments'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('guest_id', 'integer', (c) => c.notNull().unique().references('guests.id').onDelete('cascade'))
    // `v1.<iv>.<tag>.<body>` base64url: the Float32 descriptor sealed with AES-256-GCM (src/modules/faces/seal-descriptor.ts)
    .addColumn('descriptor', 'text', notNull)
    .addColumn('model', 'text', notNull)
    .addColumn('model_version', 'text', notNull)
    // quality facts of the enrolled face: the shorter side of its box in px, and the detector's score
    .addColumn('face_px', 'integer', notNull)
    .addColumn('score', 'real', notNull)
    .addColumn('enrolled_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('face_enrolments_event').on('face_enrolments').column('event_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('face_enrolments').execute();
}
