import { randomBytes } from 'node:crypto';
import type { Db } from './db/database.js';

/**
 * The installation secret signs feed URLs. Taken from HUIWU_SECRET, or created once and kept in the
 * database, so that every instance of a cluster signs alike without extra configuration.
 */
export async function installationSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirst();
  if (row) return row.value;
  const fresh = randomBytes(32).toString('base64url');
  await db.insertInto('settings').values({ key: 'secret', value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return stored.value;
}
