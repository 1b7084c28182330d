import type { Migration } from 'kysely';
import * as m0004 from './0004_accreditation.js';

/** The accreditation module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0004_accreditation': m0004,
};
