import type { Migration } from 'kysely';
import * as m0002 from './0002_notices.js';

/** The notices module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0002_notices': m0002,
};
