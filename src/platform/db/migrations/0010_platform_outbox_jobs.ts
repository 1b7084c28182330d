import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * The bus's outbox (src/platform/bus/outbox.ts) with its per-subscriber delivery records, and the embedded jobs
 * table (src/platform/jobs/db-jobs.ts). Platform tables: no module names them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('event_outbox')
    .addColumn('seq', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addColumn('actor_user_id', 'integer')
    .addColumn('request_id', 'text')
    .addColumn('aggregate', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('event_outbox_pending').on('event_outbox').columns(['seq']).where(sql.ref('delivered_at'), 'is', null).execute();
  await db.schema
    .createIndex('event_outbox_pending_aggregate')
    .on('event_outbox')
    .columns(['aggregate', 'seq'])
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();
  await db.schema.createIndex('event_outbox_delivered').on('event_outbox').column('delivered_at').execute();
  await db.schema
    .createTable('event_deliveries')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('subscriber', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_deliveries_pk', ['event', 'subscriber'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('backoff_ms', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('worker', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('jobs_name_key', ['name', 'key'])
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('event_deliveries').execute();
  await db.schema.dropTable('event_outbox').execute();
}
