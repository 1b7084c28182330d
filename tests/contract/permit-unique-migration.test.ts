import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { migrations } from '../../src/main.js';
import { migrateToLatest } from '../../src/platform/db/database.js';
import { databases } from '../support/harness.js';
import { scratchDatabase } from './scratch-db.js';

const MIGRATION = '0013_vehicles_permit_unique_plate';

describe.each(databases())('migration 0013: one unrevoked permit per plate, keeping the newest of duplicates already there (%s)', (kind) => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  afterEach(async () => {
    await scratch?.dispose();
    scratch = undefined;
  });

  it('revokes the older unrevoked permits of a plate, naming the kept one, deletes nothing, then refuses a second one', async () => {
    scratch = await scratchDatabase(kind, kind === 'postgres' ? inject('pgUrl')! : null);
    const db = scratch.open().db;
    // the database as it was before 0013: every migration below it
    const schema = kind === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < MIGRATION));
    const old = new Migrator({ db, provider: { getMigrations: async () => before }, ...(schema ? { migrationTableSchema: schema } : {}) });
    expect((await old.migrateToLatest()).error).toBeUndefined();

    const at = '2026-11-01T08:00:00.000Z';
    const event = async (slug: string) =>
      (
        await db
          .insertInto('events')
          .values({ slug, name_zh: slug, name_en: slug, timezone: 'UTC', start_date: '2026-11-01', end_date: '2026-11-03', languages: '["en"]', created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [one, two] = [await event('one-2026'), await event('two-2026')];
    const permit = async (eventId: number, plate: string, zones: string, revoked: string | null = null) =>
      (
        await db
          .insertInto('vehicle_permits')
          .values({ event_id: eventId, plate, plate_text: plate, vehicle_type: 'car', guest_id: null, delegation_id: null, owner: 'Protocol', zones, valid_from: null, valid_to: null, created_at: at, revoked_at: revoked, revoke_reason: revoked ? 'Lost' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // plate 浙A12345 of event one: revoked once, then three unrevoked permits (what two concurrent creates left, and more)
    const lost = await permit(one, '浙A12345', '["PARK"]', at);
    const older = await permit(one, '浙A12345', '["PARK"]');
    const middle = await permit(one, '浙A12345', '["VIP"]');
    const newest = await permit(one, '浙A12345', '["PARK","VIP"]');
    // the same plate in another event, and another plate: one each, untouched
    const other = await permit(two, '浙A12345', '["PARK"]');
    const single = await permit(one, '京B80D21', '["VIP"]');
    const rows = () => db.selectFrom('vehicle_permits').select(['id', 'zones', 'revoked_at', 'revoke_reason']).orderBy('id').execute();
    const was = await rows();

    expect(await migrateToLatest(db, migrations)).toContain(MIGRATION);
    const now = await rows();
    expect(now.map((r) => r.id)).toEqual(was.map((r) => r.id));
    const byId = new Map(now.map((r) => [r.id, r]));
    const superseded = `duplicate plate: superseded by permit #${newest} (migration 0013)`;
    expect([older, middle].map((id) => [byId.get(id)!.revoked_at !== null, byId.get(id)!.revoke_reason])).toEqual([
      [true, superseded],
      [true, superseded],
    ]);
    expect([lost, newest, other, single].map((id) => byId.get(id))).toEqual([lost, newest, other, single].map((id) => was.find((r) => r.id === id)));

    // now the database itself keeps it to one: a second unrevoked permit is refused, a revoked one is not
    await expect(permit(one, '浙A12345', '["PARK"]')).rejects.toThrow(/unique|UNIQUE/);
    await expect(permit(one, '浙A12345', '["PARK"]', at)).resolves.toBeGreaterThan(single);
    await expect(permit(two, '京B80D21', '["VIP"]')).resolves.toBeGreaterThan(single);
  });
});
