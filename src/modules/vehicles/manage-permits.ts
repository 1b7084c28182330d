import { normalisePlate } from '../../engines/plates/plate-grammar.js';
import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { type Actor, type Deps, emit } from '../../platform/deps.js';
import { ok, refuse, type Refusal, type Result } from '../../platform/result.js';
import type { PermitInput, PermitView } from './vehicles.schema.js';
import { vehicleOwners } from './vehicles.ports.js';
import { permitView, permitsOf, zoneCodes } from './vehicles.store.js';

export async function listPermits(deps: Deps, eventId: number): Promise<Result<PermitView[]>> {
  return ok((await permitsOf(deps.db, eventId)).map(permitView));
}

/** The checks a permit passes before it is written, shared by the form and the CSV import (`prefix` names the row). */
export async function checkPermit(db: Queryable, eventId: number, input: PermitInput, zones: Map<string, number>, prefix = ''): Promise<Refusal | null> {
  if (normalisePlate(input.plate) === '') return refuse('permit_plate_invalid', `${prefix}plate`, { plate: input.plate });
  if (input.guestId === undefined && input.delegationId === undefined && input.owner === undefined) return refuse('permit_owner_required', `${prefix}owner`);
  const unknownZone = input.zones.findIndex((z) => !zones.has(z));
  if (unknownZone !== -1) return refuse('permit_zone_unknown', prefix ? `${prefix}zones` : `zones.${unknownZone}`, { code: input.zones[unknownZone]! });
  if (input.validFrom !== null && input.validTo !== null && new Date(input.validTo) <= new Date(input.validFrom)) return refuse('ends_before_start', `${prefix}validTo`);
  const owners = vehicleOwners.use();
  if (input.guestId !== undefined) {
    const guestEvent = await owners.eventOfGuest(db, input.guestId);
    if (guestEvent === undefined) return refuse('not_found', `${prefix}guestId`);
    if (guestEvent !== eventId) return refuse('wrong_event', `${prefix}guestId`);
  }
  if (input.delegationId !== undefined) {
    const delegationEvent = await owners.eventOfDelegation(db, input.delegationId);
    if (delegationEvent === undefined) return refuse('not_found', `${prefix}delegationId`);
    if (delegationEvent !== eventId) return refuse('wrong_event', `${prefix}delegationId`);
  }
  if (await livePermitOf(db, eventId, normalisePlate(input.plate))) return permitTaken(input.plate, prefix);
  return null;
}

/** A plate has at most one unrevoked permit in an event (unique index, migration 0013); a revoked one's plate is issued again. */
export const permitTaken = (plate: string, prefix = ''): Refusal => refuse('permit_taken', `${prefix}plate`, { plate });

/** The event's unrevoked permit of a (normalised) plate, if any. */
export async function livePermitOf(db: Queryable, eventId: number, plate: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('vehicle_permits').select('id').where('event_id', '=', eventId).where('plate', '=', plate).where('revoked_at', 'is', null).executeTakeFirst();
}

export const permitRow = (eventId: number, input: PermitInput, now: string) => ({
  event_id: eventId,
  plate: normalisePlate(input.plate),
  plate_text: input.plate,
  vehicle_type: input.type,
  guest_id: input.guestId ?? null,
  delegation_id: input.delegationId ?? null,
  owner: input.owner ?? null,
  zones: JSON.stringify([...new Set(input.zones)]),
  valid_from: input.validFrom === null ? null : new Date(input.validFrom).toISOString(),
  valid_to: input.validTo === null ? null : new Date(input.validTo).toISOString(),
  created_at: now,
});

export async function createPermit(deps: Deps, actor: Actor, eventId: number, input: PermitInput): Promise<Result<PermitView>> {
  const refusal = await checkPermit(deps.db, eventId, input, await zoneCodes(deps.db, eventId));
  if (refusal) return refusal;
  // two creates of one plate at once both pass the check: the unique index lets one in, the other writes nothing
  const row = await deps.db
    .insertInto('vehicle_permits')
    .values(permitRow(eventId, input, nowIso()))
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return permitTaken(input.plate);
  await emit(deps, actor, eventId, { type: 'vehicles.permit_created', payload: { permit: row.id, plate: row.plate } });
  return ok(permitView(row));
}

export async function revokePermit(deps: Deps, actor: Actor, eventId: number, id: number, reason: string | undefined): Promise<Result<PermitView>> {
  const row = await deps.db.selectFrom('vehicle_permits').selectAll().where('id', '=', id).where('event_id', '=', eventId).executeTakeFirst();
  if (!row) return refuse('not_found', 'id');
  if (row.revoked_at !== null) return refuse('permit_revoked', 'revoked');
  const updated = await deps.db
    .updateTable('vehicle_permits')
    .set({ revoked_at: nowIso(), revoke_reason: reason ?? null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emit(deps, actor, eventId, { type: 'vehicles.permit_revoked', payload: { permit: id, plate: row.plate } });
  return ok(permitView(updated));
}
