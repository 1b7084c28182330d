/** The agenda module's tables (Kysely types); its migrations are in migrations/. */
export interface AgendaTables {
  agenda_stars: AgendaStarsTable;
  calendar_feeds: CalendarFeedsTable;
}

export interface AgendaStarsTable {
  user_id: number;
  session_id: number;
  event_id: number;
  created_at: string;
}

export interface CalendarFeedsTable {
  user_id: number;
  event_id: number;
  nonce: string;
  created_at: string;
}

