import type { Migration } from 'kysely';
import * as m0003 from './0003_documents.js';

/** The documents module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0003_documents': m0003,
};
