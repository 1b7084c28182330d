import type { Generated } from 'kysely';

/** The vehicles module's tables (Kysely types); its migrations are in migrations/. */
export interface VehiclesTables {
  vehicle_permits: VehiclePermitsTable;
  cameras: CamerasTable;
  vehicle_passages: VehiclePassagesTable;
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

