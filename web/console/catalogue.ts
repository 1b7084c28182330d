import { useTranslation } from 'react-i18next';
import type { RoomView, VenueView } from '../../src/modules/events/events.schema.js';
import type { Conflict, ProgrammeSnapshot, SessionView, SnapshotBoard, SnapshotPerson } from '../../src/modules/program/program.schema.js';
import { pickText } from '../shared/i18n.js';
import { eventPath } from '../shared/api.js';
import { useApi } from '../shared/query.js';

export type DraftSession = Omit<SessionView, 'revision' | 'updatedAt' | 'invitedUserIds'>;
export type PersonRow = SnapshotPerson & { email: string | null };

/** The lists the programme pages name things from: rooms, boards, people, the draft sessions a reader may see. */
export function useCatalogue(slug: string, withPeople = true, refreshMs?: number) {
  const rooms = useApi<RoomView[]>(eventPath(slug, '/rooms'));
  const venues = useApi<VenueView[]>(eventPath(slug, '/venues'));
  const boards = useApi<SnapshotBoard[]>(eventPath(slug, '/boards'));
  const people = useApi<PersonRow[]>(withPeople ? eventPath(slug, '/people') : null);
  // the overview keeps the sessions and the published programme live; other pages read them when they open
  const sessions = useApi<DraftSession[]>(eventPath(slug, '/sessions'), { refetchInterval: refreshMs ?? false });
  // A chair's draft list holds only their boards; a clash with another board's forum is named from the
  // published programme instead (public), when there is one.
  const published = useApi<ProgrammeSnapshot>(eventPath(slug, '/programme'), { refetchInterval: refreshMs ?? false });
  return { rooms, venues, boards, people, sessions, published };
}
export type Catalogue = ReturnType<typeof useCatalogue>;

/** One conflict in words: what clashes, and which sessions (by code) it involves. */
export function useDescribeConflict(cat: Catalogue) {
  const { t } = useTranslation();
  const codeOf = (id: number) =>
    cat.sessions.data?.find((s) => s.id === id)?.code ?? cat.published.data?.sessions.find((s) => s.id === id)?.code ?? `#${id}`;
  return (c: Conflict): string => {
    const sessions = c.sessionIds.map(codeOf).join(', ');
    const room = c.roomId === null ? '' : pickText(cat.rooms.data?.find((r) => r.id === c.roomId)?.name) || `#${c.roomId}`;
    const person = c.personId === null ? '' : cat.people.data?.find((p) => p.id === c.personId)?.name ?? cat.published.data?.people.find((p) => p.id === c.personId)?.name ?? `#${c.personId}`;
    switch (c.kind) {
      case 'room_double_booked':
        return t('console.conflict.room_double_booked', { room, sessions });
      case 'person_double_booked':
        return t('console.conflict.person_double_booked', { person, sessions });
      case 'outside_event':
        return t('console.conflict.outside_event', { sessions });
      case 'over_capacity':
        return t('console.conflict.over_capacity', { room, sessions });
    }
  };
}
