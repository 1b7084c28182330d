import type { Migration } from 'kysely';
import * as m0009 from './0009_guest_vehicle.js';
import * as m0011 from './0011_people_identity_sealed.js';

/** The people module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0009_guest_vehicle': m0009,
  '0011_people_identity_sealed': m0011,
};
