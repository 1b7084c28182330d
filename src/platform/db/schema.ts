import type { Generated, Selectable } from 'kysely';

/**
 * The platform's own tables. The database as Kysely sees it (`DB`) is these plus every module's tables: the
 * composition root (src/composed-types.ts) merges each manifest's table map into `DB`, so the platform names no module.
 * One interface for SQLite and PostgreSQL: booleans are 0/1 integers, instants are ISO-8601 UTC text, lists are
 * JSON text.
 */
export interface PlatformTables {
  settings: SettingsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}

/** Every table; modules' tables are merged in by src/composed-types.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DB extends PlatformTables {}

export interface SettingsTable {
  key: string;
  value: string;
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
  /** a device token's kind (DEVICE_KINDS in platform/auth/principal.ts); null for a person's token */
  kind: string | null;
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

export type UserRow = Selectable<UsersTable>;
