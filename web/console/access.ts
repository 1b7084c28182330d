import { createContext, useContext } from 'react';
import type { EventView } from '../../src/modules/events/events.schema.js';

export interface Grant {
  role: string;
  eventId: number | null;
  boardId: number | null;
}
export interface Me {
  userId: number;
  email: string;
  displayName: string;
  csrfToken: string | null;
  grants: Grant[];
}

/** What the signed-in account may do in one event; mirrors the server's roles so the UI offers only what it allows. */
export interface Access {
  organiser: boolean;
  /** the boards a chair may edit; null when every board is editable */
  boards: Set<number> | null;
  readDraft: boolean;
}

export function accessFor(me: Me, event: Pick<EventView, 'id'>): Access {
  const mine = me.grants.filter((g) => g.eventId === null || g.eventId === event.id);
  const organiser = mine.some((g) => g.role === 'organiser');
  const chairBoards = mine.filter((g) => g.role === 'board_chair' && g.boardId !== null).map((g) => g.boardId!);
  return { organiser, boards: organiser ? null : new Set(chairBoards), readDraft: organiser || chairBoards.length > 0 };
}

export interface EventContext {
  event: EventView;
  access: Access;
  reloadEvent: () => void;
}
export const EventCtx = createContext<EventContext | null>(null);
export function useEvent(): EventContext {
  const ctx = useContext(EventCtx);
  if (!ctx) throw new Error('useEvent outside an event page');
  return ctx;
}
