/**
 * The gate bundle as the gate engine reads it: plain interfaces, no zod, no Node. The station API's zod schema
 * (`src/modules/access/access.schema.ts`, `GateBundle`) produces values assignable to `EngineBundle`; the access
 * module checks that at compile time, so the two cannot drift apart. Times are ISO-8601 strings; a null window
 * bound is open (the whole event).
 */

export type Direction = 'entry' | 'exit';

export interface EngineBilingual {
  zh: string;
  en: string;
}

export interface EngineWindow {
  startsAt: string | null;
  endsAt: string | null;
}

export interface EngineZone {
  id: number;
  code: string;
  name: EngineBilingual;
}

export interface EngineGate {
  id: number;
  code: string;
  name: EngineBilingual;
  zoneId: number;
  roomId: number | null;
  antiPassback: boolean;
}

export interface EngineCategory {
  id: number;
  code: string;
  name: EngineBilingual;
  color: string;
  zones: ReadonlyArray<EngineWindow & { zoneId: number }>;
}

export interface EnginePerson {
  guestId: number;
  credentialId: number;
  name: string;
  nameLatin: string;
  organisation: string | null;
  categoryId: number;
  delegation: string | null;
  overrides: ReadonlyArray<EngineWindow & { zoneId: number; kind: 'grant' | 'ban' }>;
}

export interface EngineSession {
  id: number;
  code: string;
  title: EngineBilingual;
  roomId: number;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  invitationOnly: boolean;
  invited: readonly number[];
}

export interface EngineBundle {
  /** the event's first and last day (YYYY-MM-DD in its time zone): stations offer a rehearsal clock outside them */
  event: { id: number; slug: string; timezone: string; startDate: string; endDate: string };
  /** base64url of the raw Ed25519 public key */
  publicKey: string;
  generatedAt: string;
  version: string;
  zones: readonly EngineZone[];
  gates: readonly EngineGate[];
  categories: readonly EngineCategory[];
  people: readonly EnginePerson[];
  revoked: readonly number[];
  sessions: readonly EngineSession[];
  inside: ReadonlyArray<{ guestId: number; zoneId: number }>;
}
