import type { Queryable } from '../../platform/db/database.js';
import { definePort } from '../../platform/ports.js';

/**
 * What vehicles needs of the people module, which sits above it (people's registration form carries the vehicle
 * types): the composition root supplies people's exported reads (ADR 0012). Each takes the caller's connection or
 * transaction.
 */
export interface VehicleOwners {
  /** the event the guest belongs to; undefined for an unknown guest */
  eventOfGuest(q: Queryable, guestId: number): Promise<number | undefined>;
  eventOfDelegation(q: Queryable, delegationId: number): Promise<number | undefined>;
  /** the vehicles approved guests of the event gave on their registration form, by guest id */
  approvedGuestVehicles(q: Queryable, eventId: number): Promise<Array<{ guestId: number; name: string; plate: string; type: string }>>;
}

export const vehicleOwners = definePort<VehicleOwners>('vehicles.owners');
