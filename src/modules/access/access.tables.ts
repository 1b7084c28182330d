import type { Generated } from 'kysely';

/** The access module's tables (Kysely types); its migrations are in migrations/. */
export interface AccessTables {
  scans: ScansTable;
  presence: PresenceTable;
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

