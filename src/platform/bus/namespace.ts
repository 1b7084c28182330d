import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';

/**
 * The prefix of every Redis key and channel this installation uses (pub/sub channels, job queues, rate limits).
 * Pub/sub ignores the database number of a Redis URL, so two installations (or two test runs) sharing one Redis
 * would otherwise hear each other's events. The instances of one installation share its database, so they derive
 * the same prefix from the installation id kept there; HUIWU_REDIS_PREFIX overrides it.
 */
export async function redisNamespace(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const id = await installationId(db);
  return `huiwu:${createHash('sha256').update(`redis-namespace:${id}`).digest('hex').slice(0, 12)}`;
}

/** A random id created once per database (not the secret: HUIWU_SECRET may be shared by mistake, a database is not). */
export async function installationId(db: Db): Promise<string> {
  const read = () => db.selectFrom('settings').select('value').where('key', '=', 'installation_id').executeTakeFirst();
  const row = await read();
  if (row) return row.value;
  await db
    .insertInto('settings')
    .values({ key: 'installation_id', value: randomBytes(16).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await read())!.value;
}
