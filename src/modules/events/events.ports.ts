import type { Queryable } from '../../platform/db/database.js';
import { definePort } from '../../platform/ports.js';

/**
 * What events needs of the programme above it, which it may not import (ADR 0012, 0013): whether sessions are
 * booked in a room, so a room in use is not deleted from under them. The composition root supplies the
 * programme's exported read; it takes the caller's connection or transaction.
 */
export interface RoomBookings {
  roomInUse(q: Queryable, eventId: number, roomId: number): Promise<boolean>;
}

export const roomBookings = definePort<RoomBookings>('events.room_bookings');
