import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0003 from './0003_documents.js';
import * as m0002 from './0002_notices.js';
import * as m0004 from './0004_accreditation.js';
import * as m0005 from './0005_scan_indexes.js';
import * as m0006 from './0006_carts.js';
import * as m0007 from './0007_vehicles.js';
import * as m0008 from './0008_face_enrolments.js';
import * as m0009 from './0009_guest_vehicle.js';

/** Migrations are listed in code so they work the same from tsx, from dist and in tests. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0003_documents': m0003,
  '0002_notices': m0002,
  '0004_accreditation': m0004,
  '0005_scan_indexes': m0005,
  '0006_carts': m0006,
  '0007_vehicles': m0007,
  '0008_face_enrolments': m0008,
  '0009_guest_vehicle': m0009,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
