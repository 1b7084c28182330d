import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CartLinksTable, CartRidesTable, CartSettingsTable, CartStopsTable, CartsTable } from './schema-carts.js';
import type { CamerasTable, FaceEnrolmentsTable, VehiclePassagesTable, VehiclePermitsTable } from './schema-vehicles.js';
import type {
  CategoriesTable,
  CategoryZonesTable,
  CredentialsTable,
  DelegationsTable,
  EventKeysTable,
  GatesTable,
  GuestsTable,
  GuestZoneOverridesTable,
  MessageTemplatesTable,
  OutboxTable,
  PresenceTable,
  ScansTable,
} from './schema-accreditation.js';

export type * from './schema-accreditation.js';
export type * from './schema-carts.js';
export type * from './schema-vehicles.js';

/**
 * The database as Kysely sees it. One interface for SQLite and PostgreSQL: booleans are 0/1 integers,
 * instants are ISO-8601 UTC text, lists are JSON text. Each module owns its tables (see the comments).
 */
export interface DB {
  settings: SettingsTable;
  // events module
  events: EventsTable;
  zones: ZonesTable;
  venues: VenuesTable;
  rooms: RoomsTable;
  // accounts (platform/auth)
  users: UsersTable;
  role_grants: RoleGrantsTable;
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  // program module
  boards: BoardsTable;
  organisations: OrganisationsTable;
  people: PeopleTable;
  sessions: SessionsTable;
  session_people: SessionPeopleTable;
  session_hosts: SessionHostsTable;
  session_invitations: SessionInvitationsTable;
  publications: PublicationsTable;
  // agenda module
  agenda_stars: AgendaStarsTable;
  calendar_feeds: CalendarFeedsTable;
  // platform/audit
  audit_log: AuditLogTable;
  // documents module
  documents: DocumentsTable;
  // notices module
  notices: NoticesTable;
  notice_deliveries: NoticeDeliveriesTable;

  categories: CategoriesTable;
  category_zones: CategoryZonesTable;
  delegations: DelegationsTable;
  guests: GuestsTable;
  guest_zone_overrides: GuestZoneOverridesTable;
  message_templates: MessageTemplatesTable;
  outbox: OutboxTable;
  event_keys: EventKeysTable;
  credentials: CredentialsTable;
  gates: GatesTable;
  scans: ScansTable;
  presence: PresenceTable;

  cart_settings: CartSettingsTable;
  cart_stops: CartStopsTable;
  cart_links: CartLinksTable;
  carts: CartsTable;
  cart_rides: CartRidesTable;

  vehicle_permits: VehiclePermitsTable;
  cameras: CamerasTable;
  vehicle_passages: VehiclePassagesTable;

  // faces module
  face_enrolments: FaceEnrolmentsTable;
}


export interface NoticesTable {
  id: Generated<number>;
  event_id: number;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  urgency: string;
  audience_kind: string;
  /** the category name, board id or session id the audience kind needs */
  audience_value: string | null;
  /** scheduled | published | withdrawn */
  status: string;
  publish_at: string;
  published_at: string | null;
  withdrawn_at: string | null;
  created_by: number | null;
  created_at: string;
}

export interface NoticeDeliveriesTable {
  id: Generated<number>;
  notice_id: number;
  user_id: number;
  event_id: number;
  read_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
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

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string | null;
  display_name: string;
  locale: string;
  disabled: number;
  /** JSON: Latin name, organisation, country, delegation, category, phone — what registration collects */
  profile: Generated<string>;
  created_at: string;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  event_id: number | null;
  board_id: number | null;
}

export interface AuthSessionsTable {
  id: string; // sha256 of the cookie token
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked: number;
  /** a device token's kind (DEVICE_KINDS in platform/auth/principal.ts); null for a person's token */
  kind: string | null;
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

export interface DocumentsTable {
  id: Generated<number>;
  event_id: number;
  /** blue_book | outcome | case_collection | report | other */
  kind: string;
  title_zh: string;
  title_en: string;
  description_zh: string;
  description_en: string;
  /** public | guests | organisers | category:<guest category> */
  audience: string;
  /** ISO-8601 UTC; before it only organisers see the document */
  embargo_until: string | null;
  /** name of the stored file in HUIWU_FILES_DIR */
  file_key: string;
  file_name: string;
  file_size: number;
  file_sha256: string;
  media_type: string;
  download_count: number;
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  type: string;
  actor_user_id: number | null;
  event_id: number | null;
  request_id: string | null;
  payload: string; // JSON
}

export type EventRow = Selectable<EventsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type SessionUpdate = Updateable<SessionsTable>;
export type UserRow = Selectable<UsersTable>;
