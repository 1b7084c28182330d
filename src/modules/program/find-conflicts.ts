import { DateTime } from 'luxon';
import type { Conflict } from './program.schema.js';

export interface ConflictInput {
  event: { startDate: string; endDate: string; timezone: string };
  rooms: ReadonlyArray<{ id: number; capacity: number | null }>;
  sessions: ReadonlyArray<{
    id: number;
    roomId: number | null;
    startsAt: string;
    endsAt: string;
    expectedAudience: number | null;
    people: ReadonlyArray<{ personId: number }>;
  }>;
}

/** The event's first and last instants: from local midnight of the first day to local midnight after the last. */
export function eventWindow(event: ConflictInput['event']): { start: string; end: string } {
  const start = DateTime.fromISO(event.startDate, { zone: event.timezone }).startOf('day');
  const end = DateTime.fromISO(event.endDate, { zone: event.timezone }).plus({ days: 1 }).startOf('day');
  return { start: start.toUTC().toISO() ?? '', end: end.toUTC().toISO() ?? '' };
}

const ms = (iso: string) => Date.parse(iso);

/** Sweeps intervals sorted by start and reports every overlapping pair (touching ends do not overlap). */
export function overlappingPairs<T extends { id: number; startsAt: string; endsAt: string }>(items: T[]): Array<[T, T]> {
  const sorted = [...items].sort((a, b) => ms(a.startsAt) - ms(b.startsAt) || a.id - b.id);
  const pairs: Array<[T, T]> = [];
  const open: T[] = [];
  for (const item of sorted) {
    const start = ms(item.startsAt);
    for (let i = open.length - 1; i >= 0; i--) if (ms(open[i]!.endsAt) <= start) open.splice(i, 1);
    for (const other of open) pairs.push([other, item]);
    open.push(item);
  }
  return pairs;
}

/**
 * Every conflict in a programme: a room booked twice at once, a person in two places at once, a session
 * outside the event's days, an expected audience larger than the room. O(n log n + k) for k conflicts.
 */
export function findConflicts(input: ConflictInput): Conflict[] {
  const conflicts: Conflict[] = [];
  const byRoom = new Map<number, Array<ConflictInput['sessions'][number]>>();
  const byPerson = new Map<number, Array<ConflictInput['sessions'][number]>>();
  for (const s of input.sessions) {
    if (s.roomId !== null) byRoom.set(s.roomId, [...(byRoom.get(s.roomId) ?? []), s]);
    for (const personId of new Set(s.people.map((p) => p.personId))) byPerson.set(personId, [...(byPerson.get(personId) ?? []), s]);
  }
  for (const [roomId, list] of byRoom) {
    for (const [a, b] of overlappingPairs(list)) conflicts.push({ kind: 'room_double_booked', sessionIds: [a.id, b.id], roomId, personId: null });
  }
  for (const [personId, list] of byPerson) {
    for (const [a, b] of overlappingPairs(list)) conflicts.push({ kind: 'person_double_booked', sessionIds: [a.id, b.id], roomId: null, personId });
  }
  const window = eventWindow(input.event);
  const capacity = new Map(input.rooms.map((r) => [r.id, r.capacity]));
  for (const s of input.sessions) {
    if (ms(s.startsAt) < ms(window.start) || ms(s.endsAt) > ms(window.end)) {
      conflicts.push({ kind: 'outside_event', sessionIds: [s.id], roomId: s.roomId, personId: null });
    }
    const cap = s.roomId !== null ? capacity.get(s.roomId) : null;
    if (cap != null && s.expectedAudience != null && s.expectedAudience > cap) {
      conflicts.push({ kind: 'over_capacity', sessionIds: [s.id], roomId: s.roomId, personId: null });
    }
  }
  return conflicts;
}
