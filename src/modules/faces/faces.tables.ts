import type { Generated } from 'kysely';

/** The faces module's tables (Kysely types); its migrations are in migrations/. */
export interface FacesTables {
  face_enrolments: FaceEnrolmentsTable;
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

