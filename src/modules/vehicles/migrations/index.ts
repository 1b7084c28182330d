import type { Migration } from 'kysely';
import * as m0007 from './0007_vehicles.js';
import * as m0013 from './0013_vehicles_permit_unique_plate.js';

/** The vehicles module's migrations. Landed ones are frozen (src/migration-hashes.json); see src/platform/db/README.md. */
export const migrations: Record<string, Migration> = {
  '0007_vehicles': m0007,
  '0013_vehicles_permit_unique_plate': m0013,
};
