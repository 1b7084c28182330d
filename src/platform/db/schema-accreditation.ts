import type { Generated } from 'kysely';

/** The tables of guests, accreditation and access (modules people, accreditation, access). */

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
  /** the registration form's vehicle, { plate, type } as JSON (migration 0009) */
  vehicle: string | null; // JSON
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
