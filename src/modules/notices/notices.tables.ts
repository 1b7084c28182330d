import type { Generated } from 'kysely';

/** The notices module's tables (Kysely types); its migrations are in migrations/. */
export interface NoticesTables {
  notices: NoticesTable;
  notice_deliveries: NoticeDeliveriesTable;
}

export interface NoticesTable {
  id: Generated<number>;
  event_id: number;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  urgency: string;
  audience_kind: string;
  /** the category name, board id or session id the audience kind needs */
  audience_value: string | null;
  /** scheduled | published | withdrawn */
  status: string;
  publish_at: string;
  published_at: string | null;
  withdrawn_at: string | null;
  created_by: number | null;
  created_at: string;
}

export interface NoticeDeliveriesTable {
  id: Generated<number>;
  notice_id: number;
  user_id: number;
  event_id: number;
  read_at: string | null;
}

