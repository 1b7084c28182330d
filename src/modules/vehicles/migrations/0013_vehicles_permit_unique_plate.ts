import { type Kysely, sql } from 'kysely';

/**
 * One unrevoked permit per plate in an event: two creates of the same plate at once gave two rows. A unique index
 * on (event_id, plate) over the unrevoked permits (partial, so a revoked permit's plate is issued again and the
 * shred's '#<id>' plates stay apart) makes the second create write nothing (409 `permit_taken`).
 *
 * Plates that already have several unrevoked permits keep the newest (the highest id): the older ones are revoked,
 * not deleted, with the reason naming the permit that replaces them, so nothing is lost (their passages still
 * name them, and an organiser can issue one again with other zones or times after revoking the kept one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const at = new Date().toISOString();
  await sql`
    update vehicle_permits
    set revoked_at = ${at},
        revoke_reason = 'duplicate plate: superseded by permit #' || cast((
          select max(newer.id) from vehicle_permits newer
          where newer.event_id = vehicle_permits.event_id and newer.plate = vehicle_permits.plate and newer.revoked_at is null
        ) as text) || ' (migration 0013)'
    where revoked_at is null
      and exists (
        select 1 from vehicle_permits newer
        where newer.event_id = vehicle_permits.event_id and newer.plate = vehicle_permits.plate and newer.revoked_at is null and newer.id > vehicle_permits.id
      )
  `.execute(db);
  await sql`create unique index vehicle_permits_live_plate on vehicle_permits (event_id, plate) where revoked_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('vehicle_permits_live_plate').execute();
}
