/**
 * The vehicles API's shapes as the console reads them (src/modules/vehicles/vehicles.schema.ts). Kept here because
 * that schema imports the server's HTTP error module, which the web build must not type-check.
 */
export const VEHICLE_TYPES = ['car', 'van', 'bus', 'truck', 'motorcycle', 'other'] as const;
export const DECISIONS = ['allow', 'deny', 'officer', 'unread', 'unreadable'] as const;
export type Decision = (typeof DECISIONS)[number];
export type Bi = { zh: string; en: string };
export type ZoneView = { id: number; code: string; name: Bi };

export interface PermitView {
  id: number;
  plate: string;
  plateText: string;
  chinesePlate: boolean;
  type: string;
  guestId: number | null;
  delegationId: number | null;
  owner: string | null;
  zones: string[];
  validFrom: string | null;
  validTo: string | null;
  createdAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

export interface CameraView {
  id: number;
  code: string;
  name: Bi;
  zone: string;
  direction: string;
  kind: string;
  device: string | null;
  ingestPath: string;
}

export interface PassageView {
  id: number;
  camera: string;
  plateRead: string | null;
  plate: string | null;
  confidence: number | null;
  decision: Decision;
  reason: string;
  permitId: number | null;
  payloadKind: string;
  payloadSha256: string;
  images: string[];
  cameraTime: string | null;
  seenAt: string;
  lastSeenAt: string;
  reports: number;
}
