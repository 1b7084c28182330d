import { normalisePlate } from '../../engines/plates/plate-grammar.js';
import { nowIso } from '../../platform/db/database.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { checkPermit, permitRow } from './manage-permits.js';
import { PermitInput, type PermitsFromRegistrations, type RegistrationImportResult } from './vehicles.schema.js';
import { approvedGuestVehicles, zoneCodes } from './vehicles.store.js';

/**
 * One permit per vehicle that approved guests gave on their registration form, owned by the guest, checked as a
 * permit typed in by hand. A plate that already has an unrevoked permit in the event is skipped (so the import can
 * run again after more approvals); a plate the checks refuse is reported and the others are imported.
 * Unknown zones or a period ending before it starts refuse the whole import, naming the field.
 */
export async function importRegisteredVehicles(deps: Deps, actor: Actor, eventId: number, input: PermitsFromRegistrations): Promise<Result<RegistrationImportResult>> {
  const zones = await zoneCodes(deps.db, eventId);
  const unknownZone = input.zones.findIndex((z) => !zones.has(z));
  if (unknownZone !== -1) return refuse('permit_zone_unknown', `zones.${unknownZone}`, { code: input.zones[unknownZone]! });
  if (input.validFrom !== null && input.validTo !== null && new Date(input.validTo) <= new Date(input.validFrom)) return refuse('ends_before_start', 'validTo');

  const result = await deps.db.transaction().execute(async (trx) => {
    const out: RegistrationImportResult = { imported: 0, skipped: 0, invalid: [] };
    const permitted = await trx.selectFrom('vehicle_permits').select('plate').where('event_id', '=', eventId).where('revoked_at', 'is', null).execute();
    const plates = new Set(permitted.map((p) => p.plate));
    const now = nowIso();
    for (const guest of await approvedGuestVehicles(trx, eventId)) {
      const parsed = PermitInput.safeParse({ plate: guest.plate, type: guest.type, guestId: guest.guestId, owner: guest.name, zones: input.zones, validFrom: input.validFrom, validTo: input.validTo });
      if (!parsed.success) {
        out.invalid.push({ guestId: guest.guestId, plate: guest.plate, code: 'validation' });
        continue;
      }
      // a plate already permitted (or given by two guests) is skipped before the checks: it is not wrong, just done
      if (plates.has(normalisePlate(parsed.data.plate))) {
        out.skipped++;
        continue;
      }
      const refusal = await checkPermit(trx, eventId, parsed.data, zones);
      if (refusal) {
        out.invalid.push({ guestId: guest.guestId, plate: guest.plate, code: refusal.code });
        continue;
      }
      const row = permitRow(eventId, parsed.data, now);
      plates.add(row.plate);
      // a permit of the plate created meanwhile (the unique index): it is done, as if it had been there before
      const written = await trx.insertInto('vehicle_permits').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      if (written) out.imported++;
      else out.skipped++;
    }
    return out;
  });
  await emit(deps, actor, eventId, {
    type: 'vehicles.permits_imported',
    payload: { source: 'registration', count: result.imported, skipped: result.skipped, invalid: result.invalid.length },
  });
  return ok(result);
}
