import type { Generated } from 'kysely';

/** The accreditation module's tables (Kysely types); its migrations are in migrations/. A category's zones are here; the category itself is people's (ADR 0013). */
export interface AccreditationTables {
  category_zones: CategoryZonesTable;
  guest_zone_overrides: GuestZoneOverridesTable;
  event_keys: EventKeysTable;
  credentials: CredentialsTable;
  gates: GatesTable;
}

/** A category's access to a zone; null bounds mean the whole event (ISO-8601 UTC). */
export interface CategoryZonesTable {
  id: Generated<number>;
  category_id: number;
  zone_id: number;
  starts_at: string | null;
  ends_at: string | null;
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

