import type { Migration } from 'kysely';
import * as m0005 from './0005_scan_indexes.js';

/** The access module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0005_scan_indexes': m0005,
};
