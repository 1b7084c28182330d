import type { Migration } from 'kysely';
import * as m0006 from './0006_carts.js';

/** The logistics module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0006_carts': m0006,
};
