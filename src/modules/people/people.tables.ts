import type { Generated } from 'kysely';

/** The people module's tables (Kysely types); its migrations are in migrations/. */
export interface PeopleTables {
  delegations: DelegationsTable;
  guests: GuestsTable;
  message_templates: MessageTemplatesTable;
  outbox: OutboxTable;
  categories: CategoriesTable;
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

/** A guest category (delegate, press, staff …): guests hold one; accreditation gives it zones and prints its colour (ADR 0013). */
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
