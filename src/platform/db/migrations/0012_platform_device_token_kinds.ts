import { sql, type Kysely } from 'kysely';

/**
 * API tokens get a kind: what a device token may do (camera: plate ingest only; scanner: gate scans, the gate
 * bundle and guest photos; face_terminal: face checks and guest photos; station: all of a device's rights, as
 * every device token had before kinds). Existing device tokens become `station`, so each keeps working as it did;
 * tokens of people (not devices) have no kind and are limited by their grants only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('kind', 'text').execute();
  await sql`update api_tokens set kind = 'station' where user_id in (select user_id from role_grants where role = 'device')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('kind').execute();
}
