import type { Generated, Selectable } from 'kysely';

/** The events module's tables (Kysely types); its migrations are in migrations/. */
export interface EventsTables {
  events: EventsTable;
  zones: ZonesTable;
  venues: VenuesTable;
  rooms: RoomsTable;
}

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  timezone: string;
  start_date: string;
  end_date: string;
  languages: string; // JSON string[]
  venue_name_zh: string | null;
  venue_name_en: string | null;
  venue_address_zh: string | null;
  venue_address_en: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface ZonesTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
}

export interface VenuesTable {
  id: Generated<number>;
  event_id: number;
  external_ref: string | null;
  name_zh: string;
  name_en: string;
  address_zh: string;
  address_en: string;
  position: number;
}

export interface RoomsTable {
  id: Generated<number>;
  event_id: number;
  venue_id: number | null;
  external_ref: string | null;
  name_zh: string;
  name_en: string;
  capacity: number | null;
  floor: string | null;
  zone_id: number | null;
  position: number;
}

export type EventRow = Selectable<EventsTable>;
