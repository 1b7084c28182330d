import type { Queryable } from '../../platform/db/database.js';
import { definePort } from '../../platform/ports.js';

/** A guest as the face checks and enrolments see them. */
export interface FaceSubject {
  id: number;
  event_id: number;
  name: string;
  name_latin: string;
  organisation: string | null;
  /** guests.consents as stored (JSON), read with faceConsentGiven */
  consents: string | null;
  photo_key: string | null;
}

/**
 * What faces needs of the modules above it (people's guests, accreditation's credentials), which it may not import:
 * the composition root supplies their exported reads (ADR 0012). Each takes the caller's connection or transaction.
 */
export interface FaceSubjects {
  guest(q: Queryable, guestId: number): Promise<FaceSubject | undefined>;
  /** the signed QR text of the guest's current badge credential, or null */
  currentCredential(q: Queryable, guestId: number): Promise<string | null>;
  /** blanks the event's guest photos: the keys of the files to remove after the commit, and how many guests stay */
  dropEventPhotos(q: Queryable, eventId: number): Promise<{ photoKeys: string[]; guests: number }>;
}

export const faceSubjects = definePort<FaceSubjects>('faces.subjects');
