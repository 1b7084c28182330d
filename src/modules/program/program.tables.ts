import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The program module's tables (Kysely types); its migrations are in migrations/. */
export interface ProgramTables {
  boards: BoardsTable;
  organisations: OrganisationsTable;
  people: PeopleTable;
  sessions: SessionsTable;
  session_people: SessionPeopleTable;
  session_hosts: SessionHostsTable;
  session_invitations: SessionInvitationsTable;
  publications: PublicationsTable;
}

export interface BoardsTable {
  id: Generated<number>;
  event_id: number;
  external_ref: string | null;
  code: string;
  title_zh: string;
  title_en: string;
  color: string | null;
  position: number;
}

export interface OrganisationsTable {
  id: Generated<number>;
  event_id: number;
  external_ref: string | null;
  name_zh: string;
  name_en: string;
  kind: string;
  country: string | null;
}

export interface PeopleTable {
  id: Generated<number>;
  event_id: number;
  external_ref: string | null;
  name: string;
  name_latin: string;
  sort_key: string;
  organisation: string | null;
  title_zh: string | null;
  title_en: string | null;
  bio_zh: string | null;
  bio_en: string | null;
  photo_url: string | null;
  email: string | null;
  user_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: Generated<number>;
  event_id: number;
  external_ref: string | null;
  guid: string;
  code: string;
  kind: string;
  board_id: number | null;
  title_zh: string;
  title_en: string;
  description_zh: string;
  description_en: string;
  languages: string; // JSON
  interpretation: string; // JSON
  room_id: number | null;
  starts_at: string;
  ends_at: string;
  expected_audience: number | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface SessionPeopleTable {
  session_id: number;
  person_id: number;
  role: string;
  position: number;
}

export interface SessionHostsTable {
  session_id: number;
  organisation_id: number;
}

export interface SessionInvitationsTable {
  session_id: number;
  user_id: number;
}

export interface PublicationsTable {
  id: Generated<number>;
  event_id: number;
  version: number;
  published_at: string;
  published_by: number | null;
  snapshot: string; // JSON ProgrammeSnapshot
  changelog: string; // JSON ChangeEntry[]
}

export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
