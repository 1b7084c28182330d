import type { Kysely } from 'kysely';

/**
 * The outbox's rows say which durable subscribers had the event in the transaction that wrote it (the audit log
 * written with the change): null for rows written before, which the dispatcher delivers to every subscriber.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('event_outbox').addColumn('subscribed', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('event_outbox').dropColumn('subscribed').execute();
}
