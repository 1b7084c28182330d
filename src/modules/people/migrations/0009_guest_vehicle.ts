import type { Kysely } from 'kysely';

/**
 * The vehicle a guest gives on the registration form (issue 6): `{ "plate": "浙A12345", "type": "car" }` as JSON,
 * null without one. A column of its own so the vehicles module can import permits from it without reading the
 * rest of the registration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('guests').addColumn('vehicle', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('guests').dropColumn('vehicle').execute();
}
