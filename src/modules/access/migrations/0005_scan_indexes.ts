import type { Kysely } from 'kysely';

/**
 * Covering indexes for the two reads of every live scan, so neither touches table rows: the latest admitted scan
 * per guest and zone (an older queued scan must not undo it), and the head count per zone and gate room.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('scans_guest_latest').on('scans').columns(['guest_id', 'verdict', 'zone_id', 'scanned_at', 'event_id']).execute();
  await db.schema.createIndex('presence_event_zone_gate').on('presence').columns(['event_id', 'zone_id', 'gate_id']).execute();
  await db.schema.dropIndex('presence_event_zone').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('presence_event_zone').on('presence').columns(['event_id', 'zone_id']).execute();
  await db.schema.dropIndex('presence_event_zone_gate').execute();
  await db.schema.dropIndex('scans_guest_latest').execute();
}
