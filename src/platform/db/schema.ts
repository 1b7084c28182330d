import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

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

export interface CategoriesTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  /** #rrggbb, the badge's band */
  color: string;
  position: Generated<number>;
}

/** A category's access to a zone; null bounds mean the whole event (ISO-8601 UTC). */
export interface CategoryZonesTable {
  id: Generated<number>;
  category_id: number;
  zone_id: number;
  starts_at: string | null;
  ends_at: string | null;
}

export interface DelegationsTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  country: string | null;
}

export interface GuestsTable {
  id: Generated<number>;
  event_id: number;
  user_id: number | null;
  external_ref: string | null;
  name: string;
  name_latin: string;
  sort_key: string;
  organisation: string | null;
  title: string | null;
  country: string | null;
  delegation_id: number | null;
  delegation_head: Generated<number>;
  category_id: number | null;
  /** zh | en: the language of the guest's messages */
  language: string;
  email: string | null;
  phone: string | null;
  /** invited | registered | changes_requested | approved | rejected | cancelled */
  status: string;
  /** sha256 of the invitation token */
  invite_hash: string | null;
  invited_at: string | null;
  registration: string | null; // JSON
  consents: string | null; // JSON
  photo_key: string | null;
  registered_at: string | null;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  badge_collected_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface GuestZoneOverridesTable {
  id: Generated<number>;
  guest_id: number;
  zone_id: number;
  /** grant | ban */
  kind: string;
  starts_at: string | null;
  ends_at: string | null;
  reason: string | null;
}

export interface MessageTemplatesTable {
  id: Generated<number>;
  event_id: number;
  kind: string;
  language: string;
  subject: string;
  body: string;
}

export interface OutboxTable {
  id: Generated<number>;
  event_id: number;
  guest_id: number | null;
  kind: string;
  channel: string;
  recipient: string;
  language: string;
  subject: string;
  body: string;
  /** queued | sent | written | failed */
  status: string;
  attempts: Generated<number>;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface EventKeysTable {
  event_id: number;
  /** base64url of the raw 32-byte Ed25519 public key */
  public_key: string;
  /** the PKCS#8 private key, sealed with the installation secret (AES-256-GCM) */
  private_key: string;
  created_at: string;
}

export interface CredentialsTable {
  id: Generated<number>;
  event_id: number;
  guest_id: number;
  /** the signed QR text */
  payload: string;
  issued_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
  printed_at: string | null;
}

export interface GatesTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  zone_id: number;
  room_id: number | null;
  anti_passback: Generated<number>;
}

export interface ScansTable {
  id: Generated<number>;
  event_id: number;
  nonce: string;
  credential_id: number | null;
  guest_id: number | null;
  gate_id: number | null;
  zone_id: number | null;
  /** entry | exit */
  direction: string;
  /** admit | refuse */
  verdict: string;
  code: string;
  scanned_at: string;
  received_at: string;
  device_user_id: number | null;
  offline: Generated<number>;
  conflict: string | null;
}

export interface PresenceTable {
  guest_id: number;
  zone_id: number;
  event_id: number;
  gate_id: number | null;
  since: string;
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

export interface CartSettingsTable {
  event_id: number;
  /** seconds */
  max_wait: number;
  max_ride_factor: number;
  no_show_seconds: number;
}

export interface CartStopsTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  lat: number;
  lon: number;
  active: Generated<number>;
  position: Generated<number>;
}

export interface CartLinksTable {
  id: Generated<number>;
  event_id: number;
  from_stop_id: number;
  to_stop_id: number;
  seconds: number;
  metres: number;
}

export interface CartsTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  seats: number;
  accessible: Generated<number>;
  driver_user_id: number | null;
  /** HH:MM in the event's time zone */
  shift_start: string;
  shift_end: string;
  in_service: Generated<number>;
  node_stop_id: number | null;
  /** epoch ms (bigint: pg returns it as a string, so read it through Number()) */
  free_at: number | string;
  /** epoch ms when the cart reached node_stop_id (the no-show wait runs from it); null when unknown */
  arrived_at: Generated<number | string | null>;
  /** JSON PlanStop[] with ride ids */
  plan: Generated<string>;
  lat: number | null;
  lon: number | null;
  position_at: string | null;
  driver_seq: Generated<number | string>;
  updated_at: string;
}

export interface CartRidesTable {
  id: Generated<number>;
  event_id: number;
  token: string;
  code: string;
  origin_stop_id: number;
  destination_stop_id: number;
  party: number;
  wheelchair: Generated<number>;
  guest_id: number | null;
  user_id: number | null;
  phone: string | null;
  lang: string;
  /** assigned | onboard | done | cancelled | no_show | refused | stranded | rescue */
  status: string;
  refusal: string | null;
  estimated_wait: number | null;
  cart_id: number | null;
  max_wait: number;
  max_ride_factor: number;
  /** epoch ms, bigint (read through Number()) */
  requested_at: number | string;
  pickup_eta: number | string | null;
  accepted_at: number | string | null;
  picked_up_at: number | string | null;
  dropped_off_at: number | string | null;
  closed_at: number | string | null;
  direct_seconds: number;
}

export interface VehiclePermitsTable {
  id: Generated<number>;
  event_id: number;
  plate: string;
  plate_text: string;
  vehicle_type: string;
  guest_id: number | null;
  delegation_id: number | null;
  owner: string | null;
  /** JSON array of zone codes */
  zones: string;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  revoked_at: string | null;
  revoke_reason: string | null;
}

export interface CamerasTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  zone_id: number;
  direction: string;
  kind: string;
  device_user_id: number | null;
  created_at: string;
}

export interface VehiclePassagesTable {
  id: Generated<number>;
  event_id: number;
  camera_id: number;
  plate_read: string | null;
  plate: string | null;
  confidence: number | null;
  permit_id: number | null;
  decision: string;
  reason: string;
  payload_kind: string;
  payload_sha256: string;
  /** JSON array of file-store keys */
  image_keys: Generated<string>;
  camera_time: string | null;
  seen_at: string;
  last_seen_at: string;
  reports: Generated<number>;
}

/** A guest's face enrolment: the descriptor sealed with AES-256-GCM, the model, the quality facts. */
export interface FaceEnrolmentsTable {
  id: Generated<number>;
  event_id: number;
  guest_id: number;
  /** `v1.<iv>.<tag>.<body>` base64url */
  descriptor: string;
  model: string;
  model_version: string;
  face_px: number;
  score: number;
  enrolled_at: string;
}
