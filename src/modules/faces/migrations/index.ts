import type { Migration } from 'kysely';
import * as m0008 from './0008_face_enrolments.js';

/** The faces module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0008_face_enrolments': m0008,
};
